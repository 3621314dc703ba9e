/**
 * One worker at scale: cold start, memory while runs wait, throughput.
 *
 *   node --import tsx bench/worker-scale.ts [waiting=1000] [cache=100] [runs=200] [steps=20] [parts=abc]
 *
 * One throwaway dev server on loopback; each worker is its own process
 * (bench/fixtures/scale-worker.ts), so its memory and CPU are its own.
 *
 * (a) cold start: a worker that bundles the interpreter at start vs one given a bundle built
 *     beforehand (`bundleWorkflowCode` once, written to a file, passed as `workflowBundle: { code }`),
 *     3 of each, alternating: time from the process start to the worker created, and to its first
 *     one-step run completed.
 * (b) memory: RSS and JS heap (after GC) of one worker before and after `waiting` runs wait on an
 *     approval, with the SDK's default workflow cache and with RUNBOOK_MAX_CACHED_WORKFLOWS=`cache`;
 *     then the latency of approving 50 runs that were evicted from the cache next to 50 still in it.
 * (c) throughput: `runs` concurrent runs of `steps` `run: ["true"]` steps on one worker: steps per
 *     second, with the CPU time the dev server and the worker used meanwhile (/proc/<pid>/stat).
 * (d) cold start as the image runs it: `runbook worker` from the built JavaScript (dist/, built by
 *     `npm run build` first when missing) with its prebuilt bundle, vs a copy of dist/ without the
 *     bundles (so it bundles at start), 3 of each, alternating: time from spawn to its first
 *     one-step run completed (the run is started at spawn and waits in the queue). Not run by
 *     default (parts `abcd`).
 *
 * Prints figures; asserts nothing (timing is not a test). Gives up after BENCH_BUDGET_MS.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startRunbookRun } from '../src/runs/start-run.js';
import { startDevServer } from '../src/testing/dev-server.js';
import { workflowsPath } from '../src/worker/create-worker.js';
import { approveUpdate } from '../src/workflows/definitions.js';
import type { RunbookRunResult } from '../src/workflows/types.js';
import { definitionFrom, runInput } from '../test/harness/runs.js';

const waiting = Number(process.argv[2] ?? 1000);
const smallCache = Number(process.argv[3] ?? 100);
const concurrentRuns = Number(process.argv[4] ?? 200);
const stepsPerRun = Number(process.argv[5] ?? 20);
/** Which of (a), (b), (c) to run, e.g. `bc`. */
const parts = process.argv[6] ?? 'abc';
/** Approvals timed per group (evicted / cached). */
const APPROVALS = 50;
const COLD_STARTS = 3;
/** The whole benchmark gives up after this, so that it never hangs a terminal or CI job. */
const BENCH_BUDGET_MS = 40 * 60_000;
const START_CONCURRENCY = 25;
const MiB = 1024 * 1024;
const CLOCK_TICKS = 100; // USER_HZ on Linux

const workerScript = fileURLToPath(new URL('./fixtures/scale-worker.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const builtCli = join(repoRoot, 'dist', 'cli', 'main.js');
const builtBundle = join(repoRoot, 'dist', 'workflow-bundle.js');
const people = {
  file: 'people.yaml',
  people: {
    alice: { cli: ['alice'], slack: [], github: [] },
    dave: { cli: ['dave'], slack: [], github: [] },
  },
  groups: {},
};
const oneStep = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: bench-one-step }
spec:
  steps:
    - id: only
      run: ["true"]
`);
const approval = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: bench-waiting }
spec:
  steps:
    - id: gate
      uses: approval
      with: { message: go?, approvers: { people: [alice] } }
    - id: after
      run: ["true"]
`);
const manySteps = definitionFrom(
  [
    'apiVersion: runbook-runner/v1',
    'kind: Runbook',
    'metadata: { name: bench-throughput }',
    'spec:',
    '  steps:',
    ...Array.from({ length: stepsPerRun }, (_, i) => `    - id: s${i + 1}\n      run: ["true"]`),
  ].join('\n'),
);

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
const median = (values: readonly number[]) => quantile(values, 0.5);
const ms = (v: number) => `${v.toFixed(0)} ms`;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

/** A worker process of bench/fixtures/scale-worker.ts. */
class WorkerProcess {
  private readonly lines: string[] = [];
  private readonly waiters: (() => void)[] = [];
  readonly spawnedAt = performance.now();
  private constructor(readonly child: ChildProcess) {
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    rl.on('line', (line) => {
      this.lines.push(line);
      for (const wake of this.waiters.splice(0)) wake();
    });
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`  [worker] ${chunk}`));
  }

  static spawn(args: string[], env: NodeJS.ProcessEnv = {}): WorkerProcess {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', workerScript, ...args],
      { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    return new WorkerProcess(child);
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('the worker process did not start');
    return this.child.pid;
  }

  /** The next JSON line holding `key`. */
  async next<T>(key: string): Promise<T> {
    for (;;) {
      const index = this.lines.findIndex((l) => l.startsWith(`{"${key}"`));
      if (index >= 0) {
        const [line] = this.lines.splice(index, 1);
        return (JSON.parse(line ?? '{}') as Record<string, T>)[key] as T;
      }
      if (this.child.exitCode !== null)
        throw new Error(`the worker exited (${this.child.exitCode})`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 500);
      });
    }
  }

  async memory(): Promise<Memory> {
    // Let finished tasks and their buffers go first.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    this.child.stdin?.write('mem\n');
    return this.next<Memory>('mem');
  }

  async stop(): Promise<void> {
    this.child.stdin?.write('stop\n');
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * A copy of dist/ without the prebuilt bundles, beside links to the repository's package.json and
 * node_modules: its `runbook worker` finds no bundle and bundles the interpreter at start, as a
 * checkout built without `npm run build:bundle` would. Returns its cli/main.js.
 */
function copyWithoutBundles(work: string): string {
  const root = join(work, 'unbundled');
  cpSync(join(repoRoot, 'dist'), join(root, 'dist'), {
    recursive: true,
    filter: (source) => !basename(source).startsWith('workflow-bundle'),
  });
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'));
  symlinkSync(join(repoRoot, 'package.json'), join(root, 'package.json'));
  return join(root, 'dist', 'cli', 'main.js');
}

/** `runbook worker` of the built `cli` on `queue`, in a state folder of its own. */
function startBuiltWorker(cli: string, address: string, queue: string) {
  const home = mkdtempSync(join(tmpdir(), 'rr-bench-cli-'));
  const env: NodeJS.ProcessEnv = { ...process.env, RUNBOOK_HOME: home };
  delete env.RUNBOOK_WORKFLOW_BUNDLE;
  delete env.RUNBOOK_CODEC_KEYS;
  const spawnedAt = performance.now();
  const child = spawn(
    process.execPath,
    [cli, 'worker', '--address', address, '--task-queue', queue],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // Its start-up lines are noise here; shown only if it dies.
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.once('exit', (code, signal) => {
    if (signal === null && code !== 0) console.error(`runbook worker exited ${code}:\n${stderr}`);
  });
  return {
    queue,
    spawnedAt,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  });
  await Promise.all(lanes);
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`bench/worker-scale.ts: gave up after ${BENCH_BUDGET_MS / 1000} s`);
    process.exit(1);
  }, BENCH_BUDGET_MS);
  watchdog.unref();
  const work = mkdtempSync(join(tmpdir(), 'rr-bench-scale-'));
  const server = await startDevServer({
    dbFile: join(work, 'temporal.db'),
    logDir: work,
    uiPort: false,
  });
  const serverPid = server.process.pid;
  if (serverPid === undefined) throw new Error('the dev server has no pid');
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const workers: WorkerProcess[] = [];
  const startWorker = async (args: string[], env?: NodeJS.ProcessEnv) => {
    const worker = WorkerProcess.spawn([args[0] ?? '', server.address, ...args.slice(1)], env);
    workers.push(worker);
    const ready = await worker.next<{
      sinceStartMs: number;
      connectedMs: number;
      bundleMs: number;
    }>('ready');
    return { worker, ready };
  };
  let counter = 0;
  const run = (taskQueue: string, definition = oneStep) => {
    const workflowId = `bench-scale-${process.pid}-${counter++}`;
    return startRunbookRun(client, {
      taskQueue,
      workflowId,
      input: { ...runInput(definition, work, {}, { kind: 'cli', actor: 'cli:dave' }), people },
    }).then(() => workflowId);
  };
  const result = (workflowId: string) =>
    client.workflow.getHandle(workflowId).result() as Promise<RunbookRunResult>;

  console.log(
    `worker-scale: ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, node ${process.version}`,
  );
  try {
    // (a) Cold start.
    if (parts.includes('a')) {
      const t0 = performance.now();
      const { code } = await bundleWorkflowCode({ workflowsPath });
      const bundleFile = join(work, 'workflow-bundle.js');
      writeFileSync(bundleFile, code);
      console.log(
        `\n(a) cold start — bundle built once in ${ms(performance.now() - t0)} (${(code.length / 1024).toFixed(0)} KiB)`,
      );
      const cold: Record<
        'bundle' | 'prebuilt',
        { created: number; firstRun: number; bundle: number }[]
      > = { bundle: [], prebuilt: [] };
      for (let i = 0; i < COLD_STARTS; i++) {
        for (const mode of i % 2 === 0
          ? (['bundle', 'prebuilt'] as const)
          : (['prebuilt', 'bundle'] as const)) {
          const queue = `bench-cold-${mode}-${i}`;
          const { worker, ready } = await startWorker(
            mode === 'bundle' ? [mode, queue] : [mode, queue, bundleFile],
          );
          const startedRun = performance.now();
          const id = await run(queue);
          const outcome = await result(id);
          if (outcome.status !== 'Succeeded') throw new Error(`${id} ended ${outcome.status}`);
          const firstRun = ready.sinceStartMs + (performance.now() - startedRun);
          cold[mode].push({ created: ready.sinceStartMs, firstRun, bundle: ready.bundleMs });
          console.log(
            `  ${mode.padEnd(8)} start ${i + 1}: worker created ${ms(ready.sinceStartMs).padStart(8)} after process start (modules loaded and connected at ${ms(ready.connectedMs)}, bundling ${ms(ready.bundleMs)}), first run done at ${ms(firstRun)}`,
          );
          await worker.stop();
        }
      }
      const createdBundle = median(cold.bundle.map((s) => s.created));
      const createdPrebuilt = median(cold.prebuilt.map((s) => s.created));
      console.log(
        `  median: bundling at start ${ms(createdBundle)}, prebuilt ${ms(createdPrebuilt)} → ${(createdBundle / createdPrebuilt).toFixed(1)}× faster to a polling worker (aim ≥ 5×); first run done ${ms(median(cold.bundle.map((s) => s.firstRun)))} vs ${ms(median(cold.prebuilt.map((s) => s.firstRun)))}`,
      );
    }

    // (d) Cold start of the built CLI worker, as the image starts it.
    if (parts.includes('d')) {
      if (!existsSync(builtCli) || !existsSync(builtBundle)) {
        console.log('\n(d) building dist/ first (npm run build) …');
        const build = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
        if (build.status !== 0) throw new Error(`npm run build exited ${build.status}`);
      }
      const unbundled = copyWithoutBundles(work);
      console.log(
        '\n(d) cold start of `runbook worker` from dist/ (plain JavaScript, as in the image)',
      );
      const firstRuns: Record<'bundle' | 'prebuilt', number[]> = { bundle: [], prebuilt: [] };
      for (let i = 0; i < COLD_STARTS; i++) {
        for (const mode of i % 2 === 0
          ? (['bundle', 'prebuilt'] as const)
          : (['prebuilt', 'bundle'] as const)) {
          const cli = mode === 'bundle' ? unbundled : builtCli;
          const start = startBuiltWorker(cli, server.address, `bench-cli-${mode}-${i}`);
          const id = await run(start.queue);
          const outcome = await result(id);
          if (outcome.status !== 'Succeeded') throw new Error(`${id} ended ${outcome.status}`);
          const firstRun = performance.now() - start.spawnedAt;
          firstRuns[mode].push(firstRun);
          console.log(
            `  ${mode.padEnd(8)} start ${i + 1}: first run done ${ms(firstRun).padStart(8)} after spawn`,
          );
          await start.stop();
        }
      }
      const bundle = median(firstRuns.bundle);
      const prebuilt = median(firstRuns.prebuilt);
      console.log(
        `  median: bundling at start ${ms(bundle)}, prebuilt ${ms(prebuilt)} → ${(bundle / prebuilt).toFixed(1)}× faster to a first run done (aim ≥ 5×)`,
      );
    }

    // (b) Memory while runs wait on an approval.
    if (parts.includes('b')) {
      console.log(`\n(b) memory of one worker holding ${waiting} runs waiting on an approval`);
      for (const cache of [undefined, smallCache]) {
        const label = cache === undefined ? 'default cache' : `cache ${cache}`;
        const queue = `bench-hold-${cache ?? 'default'}`;
        const { worker } = await startWorker(
          ['hold', queue],
          cache === undefined ? {} : { RUNBOOK_MAX_CACHED_WORKFLOWS: String(cache) },
        );
        const warm = await run(queue);
        await result(warm);
        const before = await worker.memory();
        const ids = Array.from({ length: waiting }, (_, i) => i);
        const started: string[] = [];
        const t1 = performance.now();
        await pool(ids, START_CONCURRENCY, async () => {
          started.push(await run(queue, approval));
        });
        const query = `TaskQueue = "${queue}" AND RunStatus = "WaitingApproval"`;
        for (;;) {
          const { count } = await client.workflow.count(query);
          if (count >= waiting) break;
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
        const startMs = performance.now() - t1;
        const after = await worker.memory();
        console.log(
          `  ${label.padEnd(13)} before: RSS ${mib(before.rss)}, heap ${mib(before.heapUsed)}; with ${waiting} waiting: RSS ${mib(after.rss)} (+${mib(after.rss - before.rss)}), heap ${mib(after.heapUsed)} (+${mib(after.heapUsed - before.heapUsed)}), external ${mib(after.external)}; all waiting after ${ms(startMs)}`,
        );
        // The first started have been idle longest: with a small cache they were evicted. The last
        // started are the most recently used. Alternate the two groups.
        const evicted = started.slice(0, APPROVALS);
        const cached = started.slice(-APPROVALS);
        const latency: Record<'evicted' | 'cached', number[]> = { evicted: [], cached: [] };
        for (let i = 0; i < APPROVALS; i++) {
          for (const group of ['evicted', 'cached'] as const) {
            const id = (group === 'evicted' ? evicted : cached)[i] as string;
            const handle = client.workflow.getHandle(id);
            const t2 = performance.now();
            await handle.executeUpdate(approveUpdate, {
              args: [{ stepId: 'gate', approver: 'cli:alice' }],
            });
            latency[group].push(performance.now() - t2);
          }
        }
        const line = (v: number[]) => `p50 ${ms(median(v))}, p95 ${ms(quantile(v, 0.95))}`;
        console.log(
          `  ${label.padEnd(13)} approving ${APPROVALS} of the first started (${cache === undefined ? 'cached' : 'evicted'}): ${line(latency.evicted)}; ${APPROVALS} of the last started (cached): ${line(latency.cached)}`,
        );
        await worker.stop();
      }
    }

    // (c) Throughput.
    if (parts.includes('c')) {
      const totalSteps = concurrentRuns * stepsPerRun;
      console.log(`\n(c) ${concurrentRuns} concurrent runs of ${stepsPerRun} steps on one worker`);
      {
        const queue = 'bench-throughput';
        const { worker } = await startWorker(['hold', queue]);
        await result(await run(queue));
        const serverCpu0 = cpuSeconds(serverPid);
        const workerCpu0 = cpuSeconds(worker.pid);
        const t3 = performance.now();
        const ids: string[] = [];
        await pool(
          Array.from({ length: concurrentRuns }, (_, i) => i),
          START_CONCURRENCY,
          async () => {
            ids.push(await run(queue, manySteps));
          },
        );
        const outcomes = await Promise.all(ids.map(result));
        const seconds = (performance.now() - t3) / 1000;
        const failed = outcomes.filter((o) => o.status !== 'Succeeded').length;
        const serverCpu = cpuSeconds(serverPid) - serverCpu0;
        const workerCpu = cpuSeconds(worker.pid) - workerCpu0;
        console.log(
          `  ${totalSteps} steps in ${seconds.toFixed(1)} s: ${(totalSteps / seconds).toFixed(1)} steps/s (${failed} runs not succeeded)`,
        );
        console.log(
          `  CPU meanwhile: dev server ${serverCpu.toFixed(1)} s (${((100 * serverCpu) / seconds).toFixed(0)} % of a core, ${((1000 * serverCpu) / totalSteps).toFixed(1)} ms per step); worker ${workerCpu.toFixed(1)} s (${((100 * workerCpu) / seconds).toFixed(0)} %, ${((1000 * workerCpu) / totalSteps).toFixed(1)} ms per step, its \`true\` children not counted)`,
        );
        await worker.stop();
      }
    }
    console.log(
      `\nload average at the end: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await connection.close();
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
