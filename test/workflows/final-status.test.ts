// Every final status of a run, and what cancellation does to a running step and to compensation.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { progressQuery } from '../../src/workflows/definitions.js';
import { runbookWorkflow } from '../../src/workflows/runbook-workflow.js';
import { eventually } from '../harness/eventually.js';
import {
  definitionFrom,
  executeRun,
  journal,
  rejectionOf,
  resultOf,
  runId,
  runInput,
} from '../harness/runs.js';
import { useTimeSkippingEnv } from '../harness/time-skipping.js';
import { startTestWorker } from '../harness/worker.js';

const temporal = useTimeSkippingEnv();

/** Whether a process id is gone (not alive, and not a zombie we could still signal). */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

test('a run whose steps all succeed ends Succeeded with every step Succeeded', async () => {
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: all-good }
spec:
  steps:
    - id: one
      run: [sh, -c, 'echo one >> journal']
      rollback: { run: [sh, -c, 'echo undo-one >> journal'] }
    - id: two
      run: [sh, -c, 'echo two >> journal']
`);
  const h = await startTestWorker(temporal.env);
  const result = await executeRun(temporal.env, h, runId('succeeded'), runInput(definition, h.dir));
  assert.equal(result.status, 'Succeeded');
  assert.equal(result.reason, undefined);
  assert.deepEqual(journal(h), ['one', 'two']);
  assert.deepEqual(
    result.progress.steps.map((s) => s.status),
    ['Succeeded', 'Succeeded'],
  );
});

test('a failing step with nothing to undo ends the run Failed, naming the step and the exit code', async () => {
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: nothing-to-undo }
spec:
  steps:
    - id: look
      run: [sh, -c, 'echo looked >> journal']
    - id: broken
      run: [sh, -c, 'exit 4']
`);
  const h = await startTestWorker(temporal.env);
  const error = await rejectionOf(
    executeRun(temporal.env, h, runId('failed'), runInput(definition, h.dir)),
  );
  const result = resultOf(error);
  assert.equal(result.status, 'Failed');
  assert.equal(result.failure?.step, 'broken');
  assert.match(result.reason ?? '', /exited with code 4/);
  assert.match(result.reason ?? '', /step broken/);
});

test('the failed step’s own rollback runs first, then those of finished steps, newest first', async () => {
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: own-rollback-first }
spec:
  steps:
    - id: one
      run: [sh, -c, 'echo do-one >> journal']
      rollback: { run: [sh, -c, 'echo undo-one >> journal'] }
    - id: two
      run: [sh, -c, 'echo do-two >> journal']
    - id: three
      run: [sh, -c, 'echo do-three-half >> journal; exit 3']
      rollback: { run: [sh, -c, 'echo undo-three >> journal'] }
`);
  const h = await startTestWorker(temporal.env);
  const error = await rejectionOf(
    executeRun(temporal.env, h, runId('own-rollback'), runInput(definition, h.dir)),
  );
  const result = resultOf(error);
  assert.equal(result.status, 'RolledBack');
  assert.deepEqual(journal(h), ['do-one', 'do-two', 'do-three-half', 'undo-three', 'undo-one']);
  assert.deepEqual(
    result.progress.steps.map((s) => [s.id, s.status]),
    [
      ['one', 'RolledBack'],
      ['two', 'Succeeded'],
      ['three', 'RolledBack'],
    ],
  );
});

test('a failing rollback does not stop the others and the run ends RollbackFailed naming that step', async () => {
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: rollback-fails }
spec:
  steps:
    - id: one
      run: [sh, -c, 'echo do-one >> journal']
      rollback: { run: [sh, -c, 'echo undo-one >> journal'] }
    - id: two
      run: [sh, -c, 'echo do-two >> journal']
      rollback: { run: [sh, -c, 'echo undo-two-failed >> journal; exit 7'] }
    - id: three
      run: [sh, -c, 'echo do-three >> journal']
      rollback: { run: [sh, -c, 'echo undo-three >> journal'] }
    - id: four
      run: [sh, -c, 'exit 1']
`);
  const h = await startTestWorker(temporal.env);
  const error = await rejectionOf(
    executeRun(temporal.env, h, runId('rollback-failed'), runInput(definition, h.dir)),
  );
  const result = resultOf(error);
  assert.equal(result.status, 'RollbackFailed');
  assert.equal(result.failure?.step, 'four');
  assert.match(result.reason ?? '', /rollback failed for two\b/);
  const lines = journal(h);
  // Rollbacks retry (ROLLBACK_RETRY); whatever the attempts, undo-one still runs after them.
  assert.deepEqual(
    lines.filter((l) => !l.startsWith('undo-two-failed')),
    ['do-one', 'do-two', 'do-three', 'undo-three', 'undo-one'],
  );
  assert.ok(lines.includes('undo-two-failed'));
  assert.ok(lines.lastIndexOf('undo-two-failed') < lines.indexOf('undo-one'));
  const two = result.progress.steps.find((s) => s.id === 'two');
  assert.equal(two?.status, 'RollbackFailed');
  assert.match(two?.rollback?.error ?? '', /exited with code 7/);
  assert.equal(result.progress.steps.find((s) => s.id === 'one')?.status, 'RolledBack');
});

test('cancelling a run kills the running step’s process, rolls back finished steps and ends the execution Cancelled', async () => {
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: cancel-me }
spec:
  steps:
    - id: one
      run: [sh, -c, 'echo do-one >> journal']
      rollback: { run: [sh, -c, 'echo undo-one >> journal'] }
    - id: long
      run: [sh, -c, 'echo $$ > long.pid; echo do-long >> journal; sleep 30; echo finished-long >> journal']
      rollback: { run: [sh, -c, 'echo undo-long >> journal'] }
    - id: never
      run: [sh, -c, 'echo never >> journal']
`);
  const h = await startTestWorker(temporal.env);
  const workflowId = runId('cancelled');
  await h.worker.runUntil(async () => {
    const handle = await temporal.env.client.workflow.start(runbookWorkflow, {
      taskQueue: h.taskQueue,
      workflowId,
      args: [runInput(definition, h.dir)],
    });
    const pid = await eventually(
      () => {
        const file = join(h.dir, 'long.pid');
        return existsSync(file) && Number(readFileSync(file, 'utf8').trim());
      },
      { what: 'the long step to start' },
    );
    await handle.cancel();
    const error = await rejectionOf(handle.result());
    assert.ok(error instanceof WorkflowFailedError);
    assert.ok(error.cause instanceof CancelledFailure, `cause: ${String(error.cause)}`);
    assert.equal((await handle.describe()).status.name, 'CANCELLED');
    assert.ok(isGone(pid), `process ${pid} of the cancelled step is still alive`);
    // The interrupted step is undone first (it may have done part of its work), then `one`.
    assert.deepEqual(journal(h), ['do-one', 'do-long', 'undo-long', 'undo-one']);
    const progress = await handle.query(progressQuery);
    assert.equal(progress.status, 'Cancelled');
    assert.equal(progress.failure?.step, 'long');
    assert.deepEqual(
      progress.steps.map((s) => [s.id, s.status]),
      [
        ['one', 'RolledBack'],
        ['long', 'RolledBack'],
      ],
    );
  });
  assert.ok(!journal(h).includes('finished-long'));
});

test('cancelling a run while a rollback runs does not stop compensation: every rollback completes', async () => {
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: cancel-during-rollback }
spec:
  steps:
    - id: one
      run: [sh, -c, 'echo do-one >> journal']
      rollback: { run: [sh, -c, 'echo undo-one >> journal'] }
    - id: two
      run: [sh, -c, 'echo do-two >> journal']
      rollback:
        run: [sh, -c, 'echo undo-two-start >> journal; while [ ! -f go ]; do sleep 0.1; done; echo undo-two-end >> journal']
    - id: three
      run: [sh, -c, 'exit 1']
`);
  const h = await startTestWorker(temporal.env);
  await h.worker.runUntil(async () => {
    const handle = await temporal.env.client.workflow.start(runbookWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: runId('cancel-in-rollback'),
      args: [runInput(definition, h.dir)],
    });
    await eventually(() => journal(h).includes('undo-two-start'), {
      what: 'the rollback of two to start',
    });
    await handle.cancel();
    // Let the workflow see the cancellation (a workflow task completes after the request)
    // before the rollback is allowed to finish.
    await eventually(
      async () => {
        const { events } = await handle.fetchHistory();
        const requested = (events ?? []).findIndex(
          (e) => e.workflowExecutionCancelRequestedEventAttributes != null,
        );
        return (
          requested !== -1 &&
          (events ?? [])
            .slice(requested)
            .some((e) => e.workflowTaskCompletedEventAttributes != null)
        );
      },
      { what: 'the workflow to process the cancellation' },
    );
    writeFileSync(join(h.dir, 'go'), '');
    const result = resultOf(await rejectionOf(handle.result()));
    assert.equal(result.status, 'RolledBack');
    assert.equal(result.failure?.step, 'three');
  });
  assert.deepEqual(journal(h), ['do-one', 'do-two', 'undo-two-start', 'undo-two-end', 'undo-one']);
});

test('the run-level timeout cancels the waiting step, compensates, and reports TimedOut', async () => {
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: run-timeout }
spec:
  timeout: 1h
  steps:
    - id: prepare
      run: [sh, -c, 'echo do-prepare >> journal']
      rollback: { run: [sh, -c, 'echo undo-prepare >> journal'] }
    - id: wait
      uses: sleep
      with: { duration: 2h }
    - id: after
      run: [sh, -c, 'echo after >> journal']
`);
  const h = await startTestWorker(temporal.env);
  const error = await rejectionOf(
    executeRun(temporal.env, h, runId('run-timeout'), runInput(definition, h.dir)),
  );
  const result = resultOf(error);
  assert.equal(result.status, 'RolledBack');
  assert.equal(result.failure?.status, 'TimedOut');
  assert.equal(result.failure?.step, 'wait');
  assert.match(result.reason ?? '', /exceeded its timeout/);
  assert.deepEqual(journal(h), ['do-prepare', 'undo-prepare']);
});
