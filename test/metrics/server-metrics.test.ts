import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { freePort } from '../../src/testing/free-port.js';
import { parsePrometheusText, sumOf } from '../../src/testing/prometheus-text.js';
import { RUNBOOK_METRICS } from '../../src/workflows/metric-catalog.js';
import { type CliProcess, spawnCli, stopCli } from '../harness/cli.js';
import { type DevServerFixture, startDevServerFixture } from '../harness/dev-server.js';
import { eventually } from '../harness/eventually.js';

let temporal: DevServerFixture;
let server: CliProcess;
let serverUrl: string;
let metricsUrl: string;

before(async () => {
  temporal = await startDevServerFixture({ prefix: 'rr-server-metrics-' });
  const port = await freePort();
  const metricsAddress = `127.0.0.1:${await freePort()}`;
  serverUrl = `http://127.0.0.1:${port}`;
  metricsUrl = `http://${metricsAddress}/metrics`;
  server = spawnCli(
    ['server', '--port', String(port), '--host', '127.0.0.1'],
    {
      RUNBOOK_HOME: join(temporal.dir, 'home'),
      TEMPORAL_ADDRESS: temporal.address,
      RUNBOOK_METRICS_ADDRESS: metricsAddress,
    },
    temporal.dir,
  );
  await eventually(
    () => server.output().includes('runbook server on') || server.child.exitCode !== null,
    {
      what: 'runbook server to start',
      timeoutMs: 90_000,
      intervalMs: 200,
    },
  );
  assert.equal(server.child.exitCode, null, server.output());
});
after(async () => {
  if (server !== undefined) await stopCli(server, 'runbook server');
  await temporal?.stop();
});

test('runbook server serves runbook_server_requests_total by registered route and status, never the requested path', async () => {
  assert.match(server.output(), new RegExp(`metrics: ${metricsUrl.replaceAll('.', '\\.')}`));
  assert.equal((await fetch(`${serverUrl}/healthz`)).status, 200);
  assert.equal((await fetch(`${serverUrl}/healthz`)).status, 200);
  assert.equal((await fetch(`${serverUrl}/no-such-route-4f2a`)).status, 404);
  assert.equal((await fetch(`${serverUrl}/healthz`, { method: 'POST' })).status, 405);
  const name = RUNBOOK_METRICS.serverRequests.name;
  let text = '';
  await eventually(
    async () => {
      text = await (await fetch(metricsUrl)).text();
      return sumOf(parsePrometheusText(text), name) === 4;
    },
    { what: 'four counted requests', timeoutMs: 30_000, intervalMs: 250 },
  ).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}; last scrape:\n${text}`, { cause: error });
  });
  const samples = parsePrometheusText(text);
  assert.equal(sumOf(samples, name, { route: '/healthz', code: '200' }), 2);
  assert.equal(sumOf(samples, name, { route: '/healthz', code: '405' }), 1);
  assert.equal(sumOf(samples, name, { route: 'unmatched', code: '404' }), 1);
  assert.ok(!text.includes('no-such-route'), 'a requested path became a label');
});
