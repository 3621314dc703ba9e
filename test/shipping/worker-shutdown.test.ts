// SIGTERM to a `runbook worker` while a long `run:` step runs on it: the step's process gets
// SIGTERM (its trap writes a marker), the worker exits cleanly within RUNBOOK_SHUTDOWN_GRACE, the
// step is retried on the other worker of the task queue, and the run succeeds. Both workers are
// real CLI processes loading the prebuilt interpreter bundle.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runbookWorkflow } from '../../src/workflows/runbook-workflow.js';
import { type CliProcess, exitWithin, startCliWorker, stopCli } from '../harness/cli.js';
import { type DevServerFixture, startDevServerFixture } from '../harness/dev-server.js';
import { eventually, within } from '../harness/eventually.js';
import { definitionFrom, runId, runInput } from '../harness/runs.js';
import { connectTo, type TemporalAccess } from '../harness/worker.js';
import { prebuiltWorkflowBundle } from '../harness/workflow-bundle.js';

/** The workers' shutdown budget: short, so the test does not wait for the default 30 s. */
const GRACE = '6s';
const GRACE_MS = 6_000;
/** Room for a loaded machine on top of the grace before the worker counts as not exiting. */
const EXIT_SLACK_MS = 10_000;
/** The run: one attempt cancelled by the shutdown, one retry on the other worker. */
const RUN_MS = 120_000;

// The first attempt waits forever (until SIGTERM); the retry finishes at once. The journal says
// which worker process ran each attempt ($PPID: a step's command is the worker's own child).
const RUNBOOK = `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: long-step }
spec:
  steps:
    - id: long
      shell: sh
      run: |
        echo "start attempt=$RUNBOOK_ATTEMPT worker=$PPID" >> journal
        trap 'echo "term attempt=$RUNBOOK_ATTEMPT" >> journal; exit 143' TERM
        if [ "$RUNBOOK_ATTEMPT" -gt 1 ]; then echo "done attempt=$RUNBOOK_ATTEMPT" >> journal; exit 0; fi
        while true; do sleep 0.2; done
`;

let server: DevServerFixture;
let temporal: TemporalAccess & { close(): Promise<void> };
let bundle: string;
before(async () => {
  [server, bundle] = await Promise.all([
    startDevServerFixture({ prefix: 'rr-sigterm-' }),
    prebuiltWorkflowBundle(),
  ]);
  temporal = await connectTo(server.address);
});
after(async () => {
  await temporal?.close();
  await server?.stop();
});

test('SIGTERM to the worker running a long step: the command gets SIGTERM, the worker exits within its grace, the step is retried on the other worker and the run succeeds', async () => {
  const dir = join(server.dir, 'work');
  mkdirSync(dir, { recursive: true });
  const journalFile = join(dir, 'journal');
  const journal = () => (existsSync(journalFile) ? readFileSync(journalFile, 'utf8') : '');
  const envOf = (name: string) => ({
    TEMPORAL_ADDRESS: server.address,
    RUNBOOK_TASK_QUEUE: 'sigterm',
    RUNBOOK_HOME: join(server.dir, name),
    RUNBOOK_SHUTDOWN_GRACE: GRACE,
    RUNBOOK_WORKFLOW_BUNDLE: bundle,
  });
  const workers: CliProcess[] = await Promise.all([
    startCliWorker(envOf('blue'), 'worker blue'),
    startCliWorker(envOf('green'), 'worker green'),
  ]);
  try {
    for (const worker of workers) {
      assert.match(worker.output(), new RegExp(`interpreter bundle: ${bundle}`));
    }
    const handle = await temporal.client.workflow.start(runbookWorkflow, {
      taskQueue: 'sigterm',
      workflowId: runId('sigterm'),
      args: [runInput(definitionFrom(RUNBOOK), dir)],
    });
    const started = await eventually(() => /start attempt=1 worker=(\d+)/.exec(journal())?.[1], {
      what: 'the long step to start',
      timeoutMs: 60_000,
    });
    const running = workers.find((w) => String(w.child.pid) === started);
    const other = workers.find((w) => w !== running);
    assert.ok(running !== undefined && other !== undefined, `no worker has pid ${started}`);

    running.child.kill('SIGTERM');
    const code = await exitWithin(running, GRACE_MS + EXIT_SLACK_MS, 'the SIGTERMed worker');
    assert.equal(code, 0, running.output());
    assert.match(running.output(), /SIGTERM: shutting down/);
    assert.match(journal(), /term attempt=1/, 'the step’s process received SIGTERM');

    const result = await within(handle.result(), RUN_MS, 'the run to finish on the other worker');
    assert.equal(result.status, 'Succeeded');
    const lines = journal().trim().split('\n');
    assert.deepEqual(lines, [
      `start attempt=1 worker=${running.child.pid}`,
      'term attempt=1',
      `start attempt=2 worker=${other.child.pid}`,
      'done attempt=2',
    ]);
  } finally {
    await Promise.all(workers.map((w) => stopCli(w)));
  }
});
