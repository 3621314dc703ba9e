import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { readRawBody, reply } from '../../src/server/read-body.js';
import type { IntegrationFactory } from '../../src/server/types.js';
import { type DevServerFixture, startDevServerFixture } from '../harness/dev-server.js';
import { startTestServer, type TestServer } from '../harness/server.js';
import { connectTo } from '../harness/worker.js';

let temporal: DevServerFixture;
let access: Awaited<ReturnType<typeof connectTo>>;
let server: TestServer;
const finished: string[] = [];
let closed = false;

/** An integration whose route answers at once and finishes its work afterwards. */
const echo: IntegrationFactory = async (context) => ({
  name: 'echo',
  describe: () => 'echo: /echo',
  routes: [
    {
      method: 'POST',
      path: '/echo',
      async handle(req, res) {
        const body = await readRawBody(req, 64);
        reply(res, 200, { bytes: body.length });
        context.background.run('echo work', async () => {
          await sleep(300);
          finished.push(body.toString('utf8'));
        });
      },
    },
  ],
  close: async () => {
    closed = true;
  },
});
const off: IntegrationFactory = async () => undefined;

before(async () => {
  temporal = await startDevServerFixture({ prefix: 'rr-server-' });
  access = await connectTo(temporal.address);
  server = await startTestServer({
    client: access.client,
    address: temporal.address,
    taskQueue: 'server-tests',
    integrations: [echo, off],
  });
});
after(async () => {
  await server?.close();
  await access?.close();
  await temporal?.stop();
});

test('only configured integrations are on', () => {
  assert.deepEqual(
    server.integrations.map((i) => i.name),
    ['echo'],
  );
});

test('healthz answers, readyz says whether Temporal is reachable', async () => {
  const health = await fetch(`${server.url}/healthz`);
  assert.equal(health.status, 200);
  const ready = await fetch(`${server.url}/readyz`);
  assert.equal(ready.status, 200, await ready.text());
});

test('unknown paths get 404, wrong methods 405 with Allow, oversized bodies 413', async () => {
  assert.equal((await fetch(`${server.url}/nope`)).status, 404);
  const wrong = await fetch(`${server.url}/echo`);
  assert.equal(wrong.status, 405);
  assert.equal(wrong.headers.get('allow'), 'POST');
  const big = await fetch(`${server.url}/echo`, { method: 'POST', body: 'x'.repeat(65) });
  assert.equal(big.status, 413);
  assert.deepEqual(finished, [], 'an oversized request started no work');
});

test('readyz answers 503 when Temporal is not reachable, healthz still 200', async () => {
  // What a client of a stopped frontend answers (a real outage is covered by the dev-server
  // restart tests; a connection torn down mid-reconnect leaks gRPC errors into the test runner).
  const unreachable = {
    connection: {
      withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(),
      workflowService: {
        getSystemInfo: async () => {
          throw new Error('14 UNAVAILABLE: No connection established');
        },
      },
    },
  } as unknown as Client;
  const unready = await startTestServer({
    client: unreachable,
    address: '127.0.0.1:1',
    taskQueue: 'server-tests',
    integrations: [],
  });
  try {
    const ready = await fetch(`${unready.url}/readyz`);
    assert.equal(ready.status, 503);
    assert.match(await ready.text(), /Temporal at 127\.0\.0\.1:1 is not reachable: 14 UNAVAILABLE/);
    assert.equal((await fetch(`${unready.url}/healthz`)).status, 200);
  } finally {
    await unready.close();
  }
});

test('close waits for background work started by answered requests, then closes integrations', async () => {
  const answer = await fetch(`${server.url}/echo`, { method: 'POST', body: 'late work' });
  assert.deepEqual(await answer.json(), { bytes: 9 });
  assert.deepEqual(finished, [], 'the answer came before the work');
  await server.close();
  assert.deepEqual(finished, ['late work']);
  assert.equal(closed, true);
  await assert.rejects(fetch(`${server.url}/healthz`));
});
