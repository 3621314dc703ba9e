// A param inside an http.request URL is data: it is percent-encoded into one path segment or
// query value, and cannot add a path, a query parameter or a fragment.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { URL_PARTS_ENCODED } from '../../src/workflows/policies.js';
import { definitionFrom, executeRun, runId, runInput } from '../harness/runs.js';
import { useTimeSkippingEnv } from '../harness/time-skipping.js';
import { startTestWorker } from '../harness/worker.js';

const temporal = useTimeSkippingEnv();
const seen: string[] = [];
const server = createServer((request, response) => {
  seen.push(request.url ?? '');
  response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
});

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  server.close();
});

test('a hostile param stays one encoded path segment and one query value of an http.request URL', async () => {
  const h = await startTestWorker(temporal.env);
  const { port } = server.address() as AddressInfo;
  const definition = definitionFrom(`apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: url-encoding }
spec:
  params:
    base: { type: string }
    user: { type: string }
  steps:
    - id: call
      uses: http.request
      with:
        url: "\${{ params.base }}/users/\${{ params.user }}?who=\${{ params.user }}"
`);
  const workflowId = runId('url');
  const result = await executeRun(
    temporal.env,
    h,
    workflowId,
    runInput(definition, h.dir, { base: `http://127.0.0.1:${port}`, user: '../admin?role=root#x' }),
  );
  assert.equal(result.status, 'Succeeded');
  assert.deepEqual(seen, ['/users/..%2Fadmin%3Frole%3Droot%23x?who=..%2Fadmin%3Frole%3Droot%23x']);
  const history = await temporal.env.client.workflow.getHandle(workflowId).fetchHistory();
  const markers = (history.events ?? []).filter((e) => e.markerRecordedEventAttributes);
  const ids = markers.map((m) =>
    Buffer.from(
      (m.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]
        ?.data as Uint8Array) ?? new Uint8Array(),
    ).toString(),
  );
  assert.ok(
    ids.some((id) => id.includes(URL_PARTS_ENCODED)),
    `patch markers: ${ids.join(', ')}`,
  );
});
