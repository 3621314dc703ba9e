/**
 * What the runbook interpreter costs over a hand-written workflow doing the same work.
 *
 *   node --import tsx bench/interpreter.ts [repetitions=5] [steps=50]
 *
 * One process, one dev server: (a) a runbook of N `run: ["true"]` steps through `runbookWorkflow`,
 * (b) bench/fixtures/handwritten-workflow.ts calling the same `runCommand` activity N times with
 * the same input shape and activity options. After one warm-up run of each, the two alternate.
 * Prints each run's wall time and history size, medians, p50/p95, the per-step gap between one
 * activity completing and the next being scheduled, and the ratios interpreter / hand-written.
 * See bench/README.md for how to read them. Nothing here is asserted: timing is not a test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import proto, { type temporal } from '@temporalio/proto';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { formatDiagnostic } from '../src/runbook/diagnostics.js';
import { parseRunbook } from '../src/runbook/parse.js';
import { startDevServer } from '../src/testing/dev-server.js';
import { createWorkerActivities } from '../src/worker/activities.js';
import { createRunbookWorker } from '../src/worker/create-worker.js';
import type { runbookWorkflow } from '../src/workflows/runbook-workflow.js';
import type { RunbookRunInput } from '../src/workflows/types.js';
import type { handwrittenWorkflow } from './fixtures/handwritten-workflow.js';

const repetitions = Number(process.argv[2] ?? 5);
const steps = Number(process.argv[3] ?? 50);
/** The whole benchmark gives up after this, so that it never hangs a terminal or CI job. */
const BENCH_BUDGET_MS = 170_000;
/** One run may take this long before it is abandoned. */
const RUN_TIMEOUT_MS = 60_000;

type Event = temporal.api.history.v1.IHistoryEvent;
type Kind = 'interpreter' | 'handwritten';

interface Sample {
  readonly kind: Kind;
  readonly wallMs: number;
  readonly events: number;
  /** How many events of each type the run's history has. */
  readonly eventTypes: ReadonlyMap<string, number>;
  /** Per step: from one activity's completion to the next one's scheduling (a workflow task). */
  readonly gapsMs: number[];
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

function eventMs(event: Event): number {
  const t = event.eventTime;
  return t == null ? 0 : Number(t.seconds ?? 0) * 1000 + (t.nanos ?? 0) / 1e6;
}

function gapsBetweenActivities(events: readonly Event[]): number[] {
  const gaps: number[] = [];
  let completedAt: number | undefined;
  for (const event of events) {
    if (event.activityTaskCompletedEventAttributes != null) completedAt = eventMs(event);
    if (event.activityTaskScheduledEventAttributes != null && completedAt !== undefined) {
      gaps.push(eventMs(event) - completedAt);
      completedAt = undefined;
    }
  }
  return gaps;
}

function runbookYaml(n: number): string {
  const lines = [
    'apiVersion: runbook-runner/v1',
    'kind: Runbook',
    'metadata: { name: bench-interpreter }',
    'spec:',
    '  steps:',
  ];
  for (let i = 1; i <= n; i++) lines.push(`    - id: step-${i}`, `      run: ["true"]`);
  return `${lines.join('\n')}\n`;
}

const fmt = (ms: number): string => `${ms.toFixed(0)} ms`;

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const started = performance.now();
  const watchdog = setTimeout(() => {
    console.error(`bench/interpreter.ts: gave up after ${BENCH_BUDGET_MS / 1000} s`);
    process.exit(1);
  }, BENCH_BUDGET_MS);
  watchdog.unref();

  const work = mkdtempSync(join(tmpdir(), 'rr-bench-'));
  const server = await startDevServer({
    dbFile: join(work, 'temporal.db'),
    logDir: work,
    uiPort: false,
  });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const connection = await Connection.connect({ address: server.address });
  try {
    const client = new Client({ connection });
    const deps = {
      logDir: join(work, 'logs'),
      checkoutCacheDir: join(work, 'checkouts'),
      env: process.env,
    };
    const interpreterWorker = await createRunbookWorker({
      connection: nativeConnection,
      taskQueue: 'bench-interpreter',
      activities: deps,
    });
    const handwrittenWorker = await Worker.create({
      connection: nativeConnection,
      taskQueue: 'bench-handwritten',
      workflowsPath: fileURLToPath(new URL('./fixtures/handwritten-workflow.ts', import.meta.url)),
      activities: { runCommand: createWorkerActivities(deps).runCommand },
    });

    const yaml = runbookYaml(steps);
    const parsed = parseRunbook(yaml, 'bench.yaml');
    if (!parsed.ok) {
      throw new Error(parsed.diagnostics.map((d) => formatDiagnostic(d, yaml)).join('\n'));
    }
    const input: RunbookRunInput = {
      definition: parsed.runbook,
      params: {},
      source: { repo: work, commit: null, path: 'bench.yaml', contentHash: 'bench', dir: work },
      trigger: { kind: 'cli', actor: 'cli:bench' },
    };

    let counter = 0;
    const runOnce = async (kind: Kind): Promise<Sample> => {
      const workflowId = `bench-${kind}-${counter++}`;
      const t0 = performance.now();
      if (kind === 'interpreter') {
        const result = await client.workflow.execute<typeof runbookWorkflow>('runbookWorkflow', {
          taskQueue: 'bench-interpreter',
          workflowId,
          args: [input],
          workflowExecutionTimeout: RUN_TIMEOUT_MS,
        });
        if (result.status !== 'Succeeded') throw new Error(`${workflowId} ended ${result.status}`);
      } else {
        await client.workflow.execute<typeof handwrittenWorkflow>('handwrittenWorkflow', {
          taskQueue: 'bench-handwritten',
          workflowId,
          args: [{ steps, dir: work }],
          workflowExecutionTimeout: RUN_TIMEOUT_MS,
        });
      }
      const wallMs = performance.now() - t0;
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      const events = history.events ?? [];
      const eventTypes = new Map<string, number>();
      for (const event of events) {
        const type = proto.temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? 'UNKNOWN';
        eventTypes.set(type, (eventTypes.get(type) ?? 0) + 1);
      }
      return {
        kind,
        wallMs,
        events: events.length,
        eventTypes,
        gapsMs: gapsBetweenActivities(events),
      };
    };

    const samples: Sample[] = [];
    await interpreterWorker.runUntil(
      handwrittenWorker.runUntil(async () => {
        await runOnce('interpreter');
        await runOnce('handwritten');
        console.log(`warm-up done; ${repetitions} alternating repetitions of ${steps} steps each`);
        for (let i = 0; i < repetitions; i++) {
          // Alternate which goes first, so that neither always follows the other.
          const order: Kind[] =
            i % 2 === 0 ? ['interpreter', 'handwritten'] : ['handwritten', 'interpreter'];
          for (const kind of order) {
            const sample = await runOnce(kind);
            samples.push(sample);
            console.log(
              `  ${kind.padEnd(11)} run ${i + 1}: ${fmt(sample.wallMs).padStart(8)}  ${sample.events} events`,
            );
          }
        }
      }),
    );

    const summary = (kind: Kind) => {
      const mine = samples.filter((s) => s.kind === kind);
      const walls = mine.map((s) => s.wallMs);
      const gaps = mine.flatMap((s) => s.gapsMs);
      return {
        median: quantile(walls, 0.5),
        p95: quantile(walls, 0.95),
        perStep: quantile(walls, 0.5) / steps,
        gapP50: quantile(gaps, 0.5),
        gapP95: quantile(gaps, 0.95),
        events: quantile(
          mine.map((s) => s.events),
          0.5,
        ),
      };
    };
    const a = summary('interpreter');
    const b = summary('handwritten');
    console.log('');
    console.log('              run p50   run p95   per step   gap p50   gap p95   events');
    for (const [name, s] of [
      ['interpreter', a],
      ['handwritten', b],
    ] as const) {
      console.log(
        `${name.padEnd(12)} ${fmt(s.median).padStart(8)}  ${fmt(s.p95).padStart(8)}  ${s.perStep.toFixed(1).padStart(6)} ms  ${s.gapP50.toFixed(1).padStart(5)} ms  ${s.gapP95.toFixed(1).padStart(5)} ms  ${String(s.events).padStart(6)}`,
      );
    }
    console.log('');
    console.log(
      `wall-time ratio (median) interpreter/handwritten: ${(a.median / b.median).toFixed(3)} (aim ≤ 1.10)`,
    );
    console.log(
      `history-event ratio      interpreter/handwritten: ${(a.events / b.events).toFixed(3)} (aim ≤ 1.05)`,
    );
    const lastOf = (kind: Kind) => samples.findLast((s) => s.kind === kind)?.eventTypes;
    const extra: string[] = [];
    for (const [type, count] of lastOf('interpreter') ?? []) {
      const diff = count - (lastOf('handwritten')?.get(type) ?? 0);
      if (diff !== 0)
        extra.push(`${diff > 0 ? '+' : ''}${diff} ${type.replace(/^EVENT_TYPE_/, '')}`);
    }
    console.log(`interpreter events beyond the hand-written run: ${extra.join(', ') || 'none'}`);
    console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await connection.close();
    await nativeConnection.close();
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
