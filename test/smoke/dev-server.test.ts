import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from '@temporalio/worker';
import { temporalCliPath } from '../../src/testing/toolchain.js';
import { createSmokeActivities } from '../fixtures/smoke/activities.js';
import { useDevServer } from '../harness/dev-server.js';
import { connectTo } from '../harness/worker.js';

const run = promisify(execFile);
const workflowsPath = fileURLToPath(new URL('../fixtures/smoke/workflows.ts', import.meta.url));

const server = useDevServer({ prefix: 'rr-smoke-' });

test('a workflow and its activity complete on the real dev server and show up in `temporal workflow show`', async () => {
  const stamp = `stamp-${process.pid}`;
  const temporal = await connectTo(server.address);
  const worker = await Worker.create({
    connection: temporal.nativeConnection,
    taskQueue: 'smoke',
    workflowsPath,
    activities: createSmokeActivities(stamp),
  });
  const workflowId = `smoke-${process.pid}`;
  const result = await worker.runUntil(
    temporal.client.workflow.execute('greetingWorkflow', {
      taskQueue: 'smoke',
      workflowId,
      args: ['operator'],
    }),
  );
  assert.equal(result, `hello operator from ${stamp}`);

  const { stdout } = await run(temporalCliPath(), [
    'workflow',
    'show',
    '--address',
    server.address,
    '--workflow-id',
    workflowId,
    '--output',
    'json',
  ]);
  const history = JSON.parse(stdout) as { events: Array<{ eventType: string }> };
  const types = history.events.map((event) => event.eventType);
  assert.ok(
    types.includes('EVENT_TYPE_ACTIVITY_TASK_COMPLETED'),
    `history had: ${types.join(', ')}`,
  );
  assert.equal(types.at(-1), 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
  await temporal.close();
});
