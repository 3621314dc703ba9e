// The dev server stopped and started again on the same SQLite file and port in the middle of a
// run: the run finishes after the restart, and no step that had finished runs twice. Every `run:`
// step appends a line to `journal` in the worker's folder, so the file counts executions.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import { approveUpdate, progressQuery } from '../../src/workflows/definitions.js';
import { runbookWorkflow } from '../../src/workflows/runbook-workflow.js';
import { type DevServerFixture, startDevServerFixture } from '../harness/dev-server.js';
import { eventually, within } from '../harness/eventually.js';
import { definitionFrom, journal, runId, runInput } from '../harness/runs.js';
import { connectTo, startTestWorker, type TemporalAccess } from '../harness/worker.js';

/** A run of three short steps, the restart included (server stop, start, worker reconnect). */
const RUN_MS = 180_000;

let server: DevServerFixture;
let temporal: TemporalAccess & { close(): Promise<void> };
before(async () => {
  server = await startDevServerFixture({ prefix: 'rr-restart-' });
  temporal = await connectTo(server.address);
});
after(async () => {
  await temporal?.close();
  await server?.stop();
});

/** Stops the dev server and starts it again on the same SQLite file and port. */
async function restartServer(): Promise<void> {
  await server.stop();
  assert.ok(existsSync(server.dbFile), 'the SQLite file outlives the server');
  await server.start();
}

function progressOf(handle: WorkflowHandle<typeof runbookWorkflow>) {
  // While the server restarts, a query fails: keep asking.
  return handle.query(progressQuery).catch(() => undefined);
}

test('a dev server restarted while a step runs: the run finishes on the same worker and no finished step runs twice', async () => {
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: restart-mid-step }
spec:
  steps:
    - id: first
      run: [sh, -c, 'echo "first attempt=$RUNBOOK_ATTEMPT" >> journal']
    - id: slow
      run:
        - sh
        - -c
        - |
          echo "slow-start attempt=$RUNBOOK_ATTEMPT" >> journal
          i=0; while [ ! -f release ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done
          echo "slow-end attempt=$RUNBOOK_ATTEMPT" >> journal
    - id: last
      run: [sh, -c, 'echo "last attempt=$RUNBOOK_ATTEMPT" >> journal']
`);
  const w = await startTestWorker(temporal);
  const result = await w.worker.runUntil(async () => {
    const handle = await temporal.client.workflow.start(runbookWorkflow, {
      taskQueue: w.taskQueue,
      workflowId: runId('restart-mid-step'),
      args: [runInput(definition, w.dir)],
    });
    await eventually(() => journal(w).includes('slow-start attempt=1'), {
      what: 'the slow step to start',
      timeoutMs: 60_000,
    });
    await restartServer();
    writeFileSync(join(w.dir, 'release'), '');
    return within(handle.result(), RUN_MS, 'the run to finish after the restart');
  });

  assert.equal(result.status, 'Succeeded');
  assert.deepEqual(
    result.progress.steps.map((s) => [s.id, s.status]),
    [
      ['first', 'Succeeded'],
      ['slow', 'Succeeded'],
      ['last', 'Succeeded'],
    ],
  );
  const lines = journal(w);
  assert.deepEqual(
    lines.filter((l) => l.startsWith('first ')),
    ['first attempt=1'],
    lines.join('\n'),
  );
  assert.deepEqual(
    lines.filter((l) => l.startsWith('last ')),
    ['last attempt=1'],
    lines.join('\n'),
  );
  // The step that was running ends exactly once. It normally keeps running through a short
  // restart (attempt 1); had the server stayed away past the heartbeat timeout, Temporal would
  // have retried it as a lost attempt (attempt 2), as it does for a lost worker.
  const slow = result.progress.steps.find((s) => s.id === 'slow');
  assert.deepEqual(
    lines.filter((l) => l.startsWith('slow-end')),
    [`slow-end attempt=${slow?.attempt}`],
    lines.join('\n'),
  );
  assert.equal(
    lines.find((l) => l.startsWith('slow-start')),
    'slow-start attempt=1',
  );
});

test('a dev server restarted while a run waits for approval: the vote after the restart lets it finish and no finished step runs twice', async () => {
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: restart-at-gate }
spec:
  steps:
    - id: first
      run: [sh, -c, 'echo "first attempt=$RUNBOOK_ATTEMPT" >> journal']
      rollback: { run: [sh, -c, 'echo undo-first >> journal'] }
    - id: gate
      uses: approval
      with: { message: "ship it?" }
    - id: last
      run: [sh, -c, 'echo "last attempt=$RUNBOOK_ATTEMPT" >> journal']
`);
  const w = await startTestWorker(temporal);
  const result = await w.worker.runUntil(async () => {
    const handle = await temporal.client.workflow.start(runbookWorkflow, {
      taskQueue: w.taskQueue,
      workflowId: runId('restart-at-gate'),
      args: [runInput(definition, w.dir, {}, { kind: 'cli', actor: 'cli:alice' })],
    });
    await eventually(async () => (await progressOf(handle))?.status === 'WaitingApproval', {
      what: 'the run to wait for approval',
      timeoutMs: 60_000,
    });
    await restartServer();
    // The run is still waiting after the restart: the state came back from the SQLite file.
    const waiting = await eventually(
      async () => {
        const progress = await progressOf(handle);
        return progress?.status === 'WaitingApproval' && progress;
      },
      { what: 'the run to answer a query after the restart', timeoutMs: 60_000 },
    );
    assert.deepEqual(
      waiting.steps.map((s) => [s.id, s.status]),
      [
        ['first', 'Succeeded'],
        ['gate', 'WaitingApproval'],
      ],
    );
    await within(
      handle.executeUpdate(approveUpdate, { args: [{ approver: 'cli:bob', reason: 'lgtm' }] }),
      60_000,
      'the approval to be accepted',
    );
    return within(handle.result(), RUN_MS, 'the run to finish after the approval');
  });

  assert.equal(result.status, 'Succeeded');
  assert.deepEqual(result.outputs.gate?.approvedBy, ['cli:bob']);
  assert.deepEqual(journal(w), ['first attempt=1', 'last attempt=1']);
  assert.ok(!readFileSync(join(w.dir, 'journal'), 'utf8').includes('undo-first'));
});
