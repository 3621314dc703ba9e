import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { type DevServer, startDevServer } from '../../src/testing/dev-server.js';
import { temporalCliPath } from '../../src/testing/toolchain.js';
import { createSmokeActivities } from '../fixtures/smoke/activities.js';

const run = promisify(execFile);
const workflowsPath = fileURLToPath(new URL('../fixtures/smoke/workflows.ts', import.meta.url));

let server: DevServer;
before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rr-smoke-'));
  server = await startDevServer({ dbFile: join(dir, 'temporal.db'), logDir: dir, uiPort: false });
});
after(async () => {
  await server?.stop();
});

test('a workflow and its activity complete on the real dev server and show up in `temporal workflow show`', async () => {
  const stamp = `stamp-${process.pid}`;
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue: 'smoke',
    workflowsPath,
    activities: createSmokeActivities(stamp),
  });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const workflowId = `smoke-${process.pid}`;
  const result = await worker.runUntil(
    client.workflow.execute('greetingWorkflow', {
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
  await connection.close();
  await nativeConnection.close();
});
