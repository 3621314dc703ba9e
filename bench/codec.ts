/**
 * What payload encryption costs a worker: steps/s of the same run with and without the codec.
 *
 *   node --import tsx bench/codec.ts [repetitions=4] [steps=20]
 *
 * One process, one dev server, two workers built by `createRunbookWorker` on their own task
 * queues: one with RUNBOOK_CODEC_KEYS (AES-256-GCM, payloads over 1 KiB compressed first), one
 * without; each with a client of the same setting. The runbook has N `run:` steps that each write
 * an output and ~2 KiB of stdout (so tails and outputs are real payloads, some over the
 * compression threshold). After one warm-up run of each the two alternate, swapping which goes
 * first each repetition. Prints each run, medians, steps/s and the ratios. Nothing is asserted.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { formatDiagnostic } from '../src/runbook/diagnostics.js';
import { parseRunbook } from '../src/runbook/parse.js';
import { clientExtrasFromEnv } from '../src/temporal/process-extras.js';
import { startDevServer } from '../src/testing/dev-server.js';
import { createRunbookWorker } from '../src/worker/create-worker.js';
import type { runbookWorkflow } from '../src/workflows/runbook-workflow.js';
import type { RunbookRunInput } from '../src/workflows/types.js';

const repetitions = Number(process.argv[2] ?? 4);
const steps = Number(process.argv[3] ?? 20);
/** The whole benchmark gives up after this, so that it never hangs a terminal or CI job. */
const BENCH_BUDGET_MS = 170_000;
const RUN_TIMEOUT_MS = 60_000;

type Kind = 'plain' | 'encrypted';

function runbookYaml(n: number): string {
  const lines = [
    'apiVersion: runbook-runner/v1',
    'kind: Runbook',
    'metadata: { name: bench-codec }',
    'spec:',
    '  steps:',
  ];
  for (let i = 1; i <= n; i++) {
    lines.push(
      `    - id: step-${i}`,
      `      run: [sh, -c, 'echo "host=db-${i}.internal" >> "$RUNBOOK_OUTPUT"; seq 1 400']`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const watchdog = setTimeout(() => {
    console.error(`bench/codec.ts: gave up after ${BENCH_BUDGET_MS / 1000} s`);
    process.exit(1);
  }, BENCH_BUDGET_MS);
  watchdog.unref();

  const work = mkdtempSync(join(tmpdir(), 'rr-bench-codec-'));
  const server = await startDevServer({
    dbFile: join(work, 'temporal.db'),
    logDir: work,
    uiPort: false,
  });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const connection = await Connection.connect({ address: server.address });
  try {
    const envs: Record<Kind, NodeJS.ProcessEnv> = {
      plain: { ...process.env, RUNBOOK_CODEC_KEYS: undefined },
      encrypted: {
        ...process.env,
        RUNBOOK_CODEC_KEYS: `bench=${randomBytes(32).toString('base64')}`,
      },
    };
    const clients: Record<Kind, Client> = {
      plain: new Client({ connection, ...clientExtrasFromEnv(envs.plain) }),
      encrypted: new Client({ connection, ...clientExtrasFromEnv(envs.encrypted) }),
    };
    const worker = (kind: Kind) =>
      createRunbookWorker({
        connection: nativeConnection,
        taskQueue: `bench-codec-${kind}`,
        activities: {
          logDir: join(work, 'logs'),
          checkoutCacheDir: join(work, 'checkouts'),
          env: envs[kind],
        },
      });
    const [plainWorker, encryptedWorker] = await Promise.all([
      worker('plain'),
      worker('encrypted'),
    ]);

    const yaml = runbookYaml(steps);
    const parsed = parseRunbook(yaml, 'bench.yaml');
    if (!parsed.ok)
      throw new Error(parsed.diagnostics.map((d) => formatDiagnostic(d, yaml)).join('\n'));
    const input: RunbookRunInput = {
      definition: parsed.runbook,
      params: {},
      source: { repo: work, commit: null, path: 'bench.yaml', contentHash: 'bench', dir: work },
      trigger: { kind: 'cli', actor: 'cli:bench' },
    };

    let counter = 0;
    const runOnce = async (kind: Kind): Promise<number> => {
      const workflowId = `bench-codec-${kind}-${counter++}`;
      const t0 = performance.now();
      const result = await clients[kind].workflow.execute<typeof runbookWorkflow>(
        'runbookWorkflow',
        {
          taskQueue: `bench-codec-${kind}`,
          workflowId,
          args: [input],
          workflowExecutionTimeout: RUN_TIMEOUT_MS,
        },
      );
      if (result.status !== 'Succeeded') throw new Error(`${workflowId} ended ${result.status}`);
      return performance.now() - t0;
    };

    const walls: Record<Kind, number[]> = { plain: [], encrypted: [] };
    await plainWorker.runUntil(
      encryptedWorker.runUntil(async () => {
        await runOnce('plain');
        await runOnce('encrypted');
        console.log(`warm-up done; ${repetitions} alternating repetitions of ${steps} steps each`);
        for (let i = 0; i < repetitions; i++) {
          const order: Kind[] = i % 2 === 0 ? ['plain', 'encrypted'] : ['encrypted', 'plain'];
          for (const kind of order) {
            const ms = await runOnce(kind);
            walls[kind].push(ms);
            console.log(
              `  ${kind.padEnd(9)} run ${i + 1}: ${ms.toFixed(0).padStart(6)} ms  ${((steps * 1000) / ms).toFixed(1)} steps/s`,
            );
          }
        }
      }),
    );

    console.log('\n           run p50   steps/s (p50)   per step');
    const row = (kind: Kind) => {
      const p50 = median(walls[kind]);
      console.log(
        `${kind.padEnd(9)}  ${`${p50.toFixed(0)} ms`.padStart(8)}   ${((steps * 1000) / p50).toFixed(1).padStart(13)}   ${(p50 / steps).toFixed(1)} ms`,
      );
      return p50;
    };
    const plain = row('plain');
    const encrypted = row('encrypted');
    console.log(`\nsteps/s ratio (median) encrypted/plain: ${(plain / encrypted).toFixed(3)}`);
    console.log(`wall-time ratio (median) encrypted/plain: ${(encrypted / plain).toFixed(3)}`);
  } finally {
    await connection.close();
    await nativeConnection.close();
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
