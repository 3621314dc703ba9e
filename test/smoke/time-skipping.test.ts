import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { createSmokeActivities } from '../fixtures/smoke/activities.js';
import { useTimeSkippingEnv } from '../harness/time-skipping.js';

const workflowsPath = fileURLToPath(new URL('../fixtures/smoke/workflows.ts', import.meta.url));
const SEVEN_DAYS_MS = 7 * 24 * 60 * 60 * 1000;

const temporal = useTimeSkippingEnv();

test('a 7-day durable timer completes on the time-skipping server with 7 days of workflow time passed', async () => {
  const worker = await Worker.create({
    connection: temporal.env.nativeConnection,
    taskQueue: 'timer',
    workflowsPath,
    activities: createSmokeActivities('unused'),
  });
  const result = await worker.runUntil(
    temporal.env.client.workflow.execute('longTimerWorkflow', {
      taskQueue: 'timer',
      workflowId: `timer-${process.pid}`,
      args: [7],
    }),
  );
  assert.ok(
    result.elapsedMs >= SEVEN_DAYS_MS,
    `workflow clock advanced only ${result.elapsedMs} ms`,
  );
});
