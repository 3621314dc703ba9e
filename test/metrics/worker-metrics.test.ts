import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { freePort } from '../../src/testing/free-port.js';
import { parsePrometheusText, type Sample, sumOf } from '../../src/testing/prometheus-text.js';
import { RUNBOOK_METRICS } from '../../src/workflows/metric-catalog.js';
import { type CliProcess, runCli, startCliWorker, stopCli } from '../harness/cli.js';
import { type DevServerFixture, startDevServerFixture } from '../harness/dev-server.js';
import { eventually } from '../harness/eventually.js';

/** How long the worker may take to export what a finished run recorded. */
const SCRAPE_MS = 60_000;
/** How long to keep asking `runbook status` while a run is on its way to an approval. */
const CLI_POLL_MS = 180_000;

const M = RUNBOOK_METRICS;
const RUN_IDS = ['metrics-ok-run', 'metrics-fails-run', 'metrics-gate-1', 'metrics-gate-2'];

let server: DevServerFixture;
let dir: string;
let env: NodeJS.ProcessEnv;
let worker: CliProcess;
let metricsUrl: string;

before(async () => {
  server = await startDevServerFixture({ prefix: 'rr-metrics-' });
  dir = server.dir;
  env = {
    RUNBOOK_HOME: join(dir, 'home'),
    TEMPORAL_ADDRESS: server.address,
    RUNBOOK_TASK_QUEUE: 'metrics-tests',
  };
  writeFileSync(
    join(dir, 'people.yaml'),
    `apiVersion: runbook-runner/v1
kind: People
people:
  alice: { cli: [alice] }
  bob: { cli: [bob] }
`,
  );
  const address = `127.0.0.1:${await freePort()}`;
  metricsUrl = `http://${address}/metrics`;
  // Only the worker exports: the Runtime is process-wide, so it is its own process.
  worker = await startCliWorker({ ...env, RUNBOOK_METRICS_ADDRESS: address });
});
after(async () => {
  if (worker !== undefined) await stopCli(worker);
  await server?.stop();
});

function cli(args: string[]): Promise<{ code: number; output: string }> {
  return runCli(args, env, { cwd: dir });
}

function write(name: string, yaml: string): string {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
}

async function scrape(): Promise<{ text: string; samples: Sample[] }> {
  const response = await fetch(metricsUrl);
  assert.equal(response.status, 200);
  const text = await response.text();
  return { text, samples: parsePrometheusText(text) };
}

/** Scrapes until `ready` holds (the worker exports what a run recorded a moment after it ends). */
async function scrapeUntil(ready: (samples: Sample[]) => boolean, what: string) {
  let last: { text: string; samples: Sample[] } | undefined;
  try {
    await eventually(
      async () => {
        last = await scrape();
        return ready(last.samples);
      },
      { what, timeoutMs: SCRAPE_MS, intervalMs: 250 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last scrape:\n${last?.text ?? '(none)'}`, {
      cause: error,
    });
  }
  return last as { text: string; samples: Sample[] };
}

async function waitForStatus(runId: string, status: string): Promise<void> {
  await eventually(
    async () => (await cli(['status', runId, '--json'])).output.includes(`"${status}"`),
    { what: `${runId} to be ${status}`, timeoutMs: CLI_POLL_MS, intervalMs: 0 },
  );
}

test('runbook worker says where it serves metrics', () => {
  assert.match(worker.output(), new RegExp(`metrics: ${metricsUrl.replaceAll('.', '\\.')}`));
});

test('a succeeded, a rolled-back and two approved queued runs show in runbook_… series with bounded labels, beside the SDK series', async () => {
  const ok = write(
    'ok.yaml',
    `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: metrics-ok }
spec:
  steps:
    - id: one
      run: [echo, one]
    - id: two
      run: [echo, two]
`,
  );
  const fails = write(
    'fails.yaml',
    `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: metrics-fails }
spec:
  steps:
    - id: change
      run: [sh, -c, 'echo changed']
      rollback: { run: [sh, -c, 'echo undone'] }
    - id: check
      run: [sh, -c, 'exit 4']
`,
  );
  const gate = write(
    'gate.yaml',
    `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: metrics-gate }
spec:
  concurrency: { key: "deploy-\${{ params.env }}", onConflict: queue }
  params:
    env: { type: string }
  steps:
    - id: approve
      uses: approval
      with: { message: "go?", approvers: { people: [bob] } }
    - id: after
      run: [echo, approved]
`,
  );
  const okRun = await cli(['run', ok, '--id', 'metrics-ok-run']);
  assert.equal(okRun.code, 0, okRun.output);
  const failsRun = await cli(['run', fails, '--id', 'metrics-fails-run']);
  assert.equal(failsRun.code, 1, failsRun.output);
  assert.match(failsRun.output, /RolledBack/);

  // Two runs of one concurrency key: the second queues until the first is approved and done.
  for (const id of ['metrics-gate-1', 'metrics-gate-2']) {
    const started = await cli([
      'run',
      gate,
      '-p',
      'env=prod',
      '--detach',
      '--as',
      'alice',
      '--id',
      id,
    ]);
    assert.equal(started.code, 0, started.output);
  }
  await waitForStatus('metrics-gate-1', 'WaitingApproval');
  await waitForStatus('metrics-gate-2', 'Queued');
  const approved1 = await cli(['approve', 'metrics-gate-1', '--as', 'bob']);
  assert.equal(approved1.code, 0, approved1.output);
  await waitForStatus('metrics-gate-2', 'WaitingApproval');
  const approved2 = await cli(['approve', 'metrics-gate-2', '--as', 'bob']);
  assert.equal(approved2.code, 0, approved2.output);
  await waitForStatus('metrics-gate-2', 'Succeeded');

  const { samples, text } = await scrapeUntil(
    (s) => sumOf(s, M.runsFinished.name, { runbook: 'metrics-gate' }) === 2,
    'the worker to export both gate runs finished',
  );

  const started = (runbook: string) => sumOf(samples, M.runsStarted.name, { runbook });
  const finished = (runbook: string, status: string) =>
    sumOf(samples, M.runsFinished.name, { runbook, status });
  assert.equal(started('metrics-ok'), 1);
  assert.equal(started('metrics-fails'), 1);
  assert.equal(started('metrics-gate'), 2);
  assert.equal(sumOf(samples, M.runsStarted.name, { trigger: 'cli' }), 4);
  assert.equal(finished('metrics-ok', 'Succeeded'), 1);
  assert.equal(finished('metrics-fails', 'RolledBack'), 1);
  assert.equal(finished('metrics-gate', 'Succeeded'), 2);
  assert.equal(sumOf(samples, M.runsFinished.name), 4);

  // Steps: ok (2) + fails (1 succeeded, 1 failed) + gate (2 × approval and echo).
  const steps = (labels: Record<string, string>) =>
    sumOf(samples, `${M.stepDuration.name}_count`, labels);
  assert.equal(steps({ action: 'run', outcome: 'succeeded' }), 2 + 1 + 2);
  assert.equal(steps({ action: 'run', outcome: 'failed' }), 1);
  assert.equal(steps({ action: 'approval', outcome: 'succeeded' }), 2);
  assert.ok(
    samples.some((s) => s.name === `${M.stepDuration.name}_bucket` && s.labels.le === '0.1'),
    'step durations use the catalog buckets (seconds)',
  );

  assert.equal(
    sumOf(samples, `${M.approvalWait.name}_count`, {
      runbook: 'metrics-gate',
      outcome: 'approved',
    }),
    2,
  );
  assert.ok(sumOf(samples, `${M.approvalWait.name}_sum`, { runbook: 'metrics-gate' }) > 0);

  assert.equal(sumOf(samples, M.compensationsRun.name, { runbook: 'metrics-fails' }), 1);
  assert.equal(sumOf(samples, M.compensationsFailed.name), 0);

  const queueKey = 'deploy-prod';
  assert.equal(sumOf(samples, M.runsEnqueued.name, { concurrency_key: queueKey }), 1);
  assert.equal(sumOf(samples, M.runsDequeued.name, { concurrency_key: queueKey }), 1);

  // The SDK's own series are exported beside ours, with their prefix.
  assert.ok(
    samples.some((s) => s.name.startsWith('temporal_workflow_task_execution_latency')),
    'an SDK workflow task latency series',
  );
  assert.ok(
    samples.some((s) => s.name.startsWith('temporal_worker_task_slots_available')),
    'an SDK slot series',
  );

  for (const sample of samples.filter((s) => s.name.startsWith('runbook_'))) {
    for (const [label, value] of Object.entries(sample.labels)) {
      for (const id of RUN_IDS) {
        assert.ok(!value.includes(id), `${sample.name}{${label}="${value}"} holds run id ${id}`);
      }
    }
  }
  for (const id of RUN_IDS) assert.ok(!text.includes(id), `the exposition holds run id ${id}`);
});
