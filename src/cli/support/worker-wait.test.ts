import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WorkflowExecutionDescription } from '@temporalio/client';
import { UsageError } from '../errors.js';
import type { ConnectionSettings } from './connection.js';
import {
  formatWait,
  startWorkerHint,
  WORKER_WAIT_ENV,
  WORKER_WAIT_TIMEOUT_MS,
  waitingForWorkerSince,
  workerWaitMs,
} from './worker-wait.js';

test('the worker wait is --worker-wait, else RUNBOOK_WORKER_WAIT, else the default', () => {
  assert.equal(workerWaitMs('15s', { [WORKER_WAIT_ENV]: '2m' }), 15_000);
  assert.equal(workerWaitMs(undefined, { [WORKER_WAIT_ENV]: '2m' }), 120_000);
  assert.equal(workerWaitMs(undefined, {}), WORKER_WAIT_TIMEOUT_MS);
});

test('a worker wait that is not a duration is a usage error naming where it came from', () => {
  assert.throws(
    () => workerWaitMs(undefined, { [WORKER_WAIT_ENV]: '30' }),
    (error) =>
      error instanceof UsageError &&
      error.code === 'InvalidUsage' &&
      /^RUNBOOK_WORKER_WAIT: duration "30" has no unit/.test(error.message),
  );
  assert.throws(
    () => workerWaitMs('soon', {}),
    (error) =>
      error instanceof UsageError && /^--worker-wait: invalid duration "soon"/.test(error.message),
  );
});

test('the hint to start a worker names the task queue, and the address unless it is embedded', () => {
  const remote: ConnectionSettings = {
    address: 'temporal.internal:7233',
    namespace: 'ops',
    taskQueue: 'runbooks',
  };
  assert.equal(
    startWorkerHint(remote, 'deploys'),
    'runbook worker --task-queue deploys --address temporal.internal:7233 --namespace ops',
  );
  const embedded = {
    ...remote,
    namespace: 'default',
    embedded: { uiUrl: 'http://127.0.0.1:1', pid: 1 },
  };
  assert.equal(startWorkerHint(embedded, 'runbooks'), 'runbook worker --task-queue runbooks');
});

function description(raw: object, status = 'RUNNING'): WorkflowExecutionDescription {
  return { status: { name: status }, raw } as unknown as WorkflowExecutionDescription;
}
const at = (ms: number) => ({ seconds: { toString: () => String(ms / 1000) }, nanos: 0 });

test('a run waits for a worker while its workflow task or a due activity is scheduled but not started', () => {
  const now = 1_000_000;
  const scheduledTask = { pendingWorkflowTask: { state: 1, scheduledTime: at(990_000) } };
  assert.equal(waitingForWorkerSince(description(scheduledTask), now), 990_000);
  const startedTask = { pendingWorkflowTask: { state: 2, scheduledTime: at(990_000) } };
  assert.equal(waitingForWorkerSince(description(startedTask), now), undefined);
  const dueActivity = { pendingActivities: [{ state: 1, scheduledTime: at(995_000) }] };
  assert.equal(waitingForWorkerSince(description(dueActivity), now), 995_000);
  const backingOff = {
    pendingActivities: [
      { state: 1, scheduledTime: at(995_000), nextAttemptScheduleTime: at(1_010_000) },
    ],
  };
  assert.equal(waitingForWorkerSince(description(backingOff), now), undefined);
  const running = { pendingActivities: [{ state: 2, scheduledTime: at(995_000) }] };
  assert.equal(waitingForWorkerSince(description(running), now), undefined);
  assert.equal(waitingForWorkerSince(description(scheduledTask, 'COMPLETED'), now), undefined);
});

test('waits are shown in whole seconds', () => {
  assert.equal(formatWait(7_075), '7s');
  assert.equal(formatWait(125_400), '2m05s');
});
