// Payload encryption against a real dev server: what the server stores, what `temporal` shows with
// and without the codec server, the Web UI's decode call, refusals, key rotation, `runbook status`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import proto, { type temporal } from '@temporalio/proto';
import { ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../../src/codec/encryption-codec.js';
import { CodecKeyMissingError } from '../../src/codec/errors.js';
import { CodecServerAuthMissingError } from '../../src/server/codec/errors.js';
import { codecIntegration } from '../../src/server/codec/integration.js';
import { temporalCliPath } from '../../src/testing/toolchain.js';
import { runCli } from '../harness/cli.js';
import { type DevServerFixture, startDevServerFixture } from '../harness/dev-server.js';
import {
  definitionFrom,
  executeRun,
  historyText,
  rejectionOf,
  resultOf,
  runId,
  runInput,
} from '../harness/runs.js';
import { startTestServer, type TestServer } from '../harness/server.js';
import { connectTo, startTestWorker, type TemporalAccess } from '../harness/worker.js';

const run = promisify(execFile);
let dev: DevServerFixture;

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');
const envA = { RUNBOOK_CODEC_KEYS: `a=${keyA}` };
const envBA = { RUNBOOK_CODEC_KEYS: `b=${keyB},a=${keyA}` };
const TOKEN = randomBytes(24).toString('hex');
const JWT_SECRET = randomBytes(32).toString('hex');
const UI_ORIGIN = 'http://localhost:8233';

// Each appears only in a param, a step output or an output tail (the script assembles the last
// two at run time), so finding one in stored bytes means that kind of value leaked.
const PARAM = 'CUSTOMER-ZEBRA-7731';
const OUTPUT = 'QUOKKA-4412';
const TAIL = 'NARWHAL-9093';
const CLEAR = [PARAM, OUTPUT, TAIL];

const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: codec-secrets }
spec:
  params:
    customer: { type: string }
  steps:
    - id: lookup
      run: [sh, -c, 'echo "host=$(printf QUOK%s KA-4412)" >> "$RUNBOOK_OUTPUT"; printf "NARW%s for %s\\n" HAL-9093 "$CUSTOMER"']
      env: { CUSTOMER: "\${{ params.customer }}" }
    - id: use
      run: [sh, -c, 'echo "using $HOST"']
      env: { HOST: "\${{ steps.lookup.outputs.host }}" }
`);

// A failing command whose rendered argv holds the param: the activity's failure message names the
// command, and the run's own failure repeats that reason.
const failing = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: codec-failure }
spec:
  params:
    customer: { type: string }
  steps:
    - id: bill
      run: [sh, -c, 'echo "cannot bill $1" >&2; exit 3', sh, "\${{ params.customer }}"]
      retry: { maxAttempts: 1 }
`);

type Payload = temporal.api.common.v1.IPayload;
type Failure = temporal.api.failure.v1.IFailure;

/** Every Failure message anywhere in `value` (activity, workflow, cause chains …). */
function failuresIn(value: unknown, found: Failure[] = []): Failure[] {
  if (Array.isArray(value)) {
    for (const item of value) failuresIn(item, found);
  } else if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    const record = value as Record<string, unknown>;
    if (typeof record.message === 'string' && 'source' in record) found.push(record as Failure);
    for (const child of Object.values(record)) failuresIn(child, found);
  }
  return found;
}

/**
 * Every Payload message anywhere in `value` (inputs, results, failure details, memo, markers …),
 * except those no codec may touch: search attributes (the server indexes them) and the SDK core's
 * `core_patch` markers (a patch id). `skipped` collects where those were.
 */
function payloadsIn(value: unknown, found: Payload[] = [], skipped: string[] = []): Payload[] {
  if (Array.isArray(value)) {
    for (const item of value) payloadsIn(item, found, skipped);
  } else if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    const record = value as Record<string, unknown>;
    if ('metadata' in record && 'data' in record && typeof record.metadata === 'object') {
      found.push(record as Payload);
      return found;
    }
    for (const [key, child] of Object.entries(record)) {
      if (key === 'searchAttributes' || (key === 'details' && record.markerName === 'core_patch')) {
        skipped.push(key === 'details' ? 'core_patch marker' : 'search attributes');
        continue;
      }
      payloadsIn(child, found, skipped);
    }
  }
  return found;
}

async function rawHistory(
  client: Client,
  workflowId: string,
): Promise<temporal.api.history.v1.IHistory> {
  const page = await client.workflowService.getWorkflowExecutionHistory({
    namespace: 'default',
    execution: { workflowId },
  });
  assert.equal(page.nextPageToken?.length ?? 0, 0, 'one page holds this short run');
  return page.history ?? {};
}

const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

let clientA: TemporalAccess & { close(): Promise<void> };
let server: TestServer;
let runA: string;

function temporalCli(args: string[]) {
  return run(temporalCliPath(), [...args, '--address', dev.address, '--namespace', 'default'], {
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** `temporal workflow show` of a run as JSON, decoded through the codec server with `authorization`. */
function showThroughCodec(workflowId: string, authorization = `Bearer ${TOKEN}`) {
  return temporalCli([
    'workflow',
    'show',
    '--workflow-id',
    workflowId,
    '--output',
    'json',
    '--codec-endpoint',
    `${server.url}/codec`,
    '--codec-auth',
    authorization,
  ]);
}

function hs256(claims: Record<string, unknown>, secret: string): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

before(async () => {
  dev = await startDevServerFixture({ prefix: 'rr-codec-' });
  clientA = await connectTo(dev.address, envA);
  const worker = await startTestWorker(clientA, { env: envA });
  runA = runId('codec');
  const result = await executeRun(
    clientA,
    worker,
    runA,
    runInput(definition, worker.dir, { customer: PARAM }),
  );
  assert.equal(result.status, 'Succeeded');
  // The client decodes what the worker encrypted.
  assert.equal(result.outputs.lookup?.host, OUTPUT);
  server = await startTestServer({
    client: clientA.client,
    address: dev.address,
    taskQueue: worker.taskQueue,
    integrations: [codecIntegration],
    env: {
      ...envA,
      RUNBOOK_CODEC_AUTH_TOKEN: TOKEN,
      RUNBOOK_CODEC_JWT_SECRET: JWT_SECRET,
      RUNBOOK_CODEC_CORS_ORIGINS: UI_ORIGIN,
    },
  });
});

after(async () => {
  await server?.close();
  await clientA?.close();
  await dev?.stop();
});

test('the server stores every payload of the run encrypted under key "a", and no param, output or tail in clear', async () => {
  const history = await rawHistory(clientA.client, runA);
  const skipped: string[] = [];
  const payloads = payloadsIn(history.events, [], skipped);
  assert.deepEqual(new Set(skipped), new Set(['search attributes', 'core_patch marker']));
  assert.ok(payloads.length >= 8, `only ${payloads.length} payloads found`);
  for (const payload of payloads) {
    assert.equal(text(payload.metadata?.encoding), ENCRYPTED_ENCODING);
    assert.equal(text(payload.metadata?.[KEY_ID_METADATA]), 'a');
  }
  const bytes = Buffer.from(proto.temporal.api.history.v1.History.encode(history).finish());
  const asText = historyText(history);
  for (const clear of CLEAR) {
    assert.ok(!bytes.includes(clear), `${clear} is in the stored history bytes`);
    assert.ok(!asText.includes(clear), `${clear} is in the decoded-as-text history`);
  }
});

test("a failed run's failure messages and stack traces are encrypted too; the client and the codec server read them back", async () => {
  const worker = await startTestWorker(clientA, { env: envA });
  const id = runId('codec-failed');
  const result = resultOf(
    await rejectionOf(
      executeRun(clientA, worker, id, runInput(failing, worker.dir, { customer: PARAM })),
    ),
  );
  assert.equal(result.status, 'Failed');
  // The client decrypted the reason, which names the rendered command.
  assert.match(result.reason ?? '', new RegExp(`bill.*${PARAM}`));

  const history = await rawHistory(clientA.client, id);
  const failures = failuresIn(history.events);
  assert.ok(failures.length >= 2, `only ${failures.length} failures stored`);
  for (const failure of failures) {
    assert.equal(failure.message, 'Encoded failure');
    assert.equal(failure.stackTrace ?? '', '');
    assert.equal(text(failure.encodedAttributes?.metadata?.encoding), ENCRYPTED_ENCODING);
  }
  const bytes = Buffer.from(proto.temporal.api.history.v1.History.encode(history).finish());
  assert.ok(!bytes.includes(PARAM), 'the param is in the stored history bytes');
  assert.ok(!bytes.includes('cannot bill'), 'the output tail is in the stored history bytes');

  const decoded = await showThroughCodec(id);
  assert.ok(historyText(JSON.parse(decoded.stdout)).includes(PARAM), 'not shown through the codec');
});

test('`temporal workflow show` without a codec shows only encrypted payloads; with --codec-endpoint it shows the values', async () => {
  const plain = await temporalCli(['workflow', 'show', '--workflow-id', runA, '--output', 'json']);
  for (const clear of CLEAR)
    assert.ok(!plain.stdout.includes(clear), `${clear} shown without the codec`);
  assert.match(
    plain.stdout,
    new RegExp(Buffer.from(ENCRYPTED_ENCODING).toString('base64').slice(0, 20)),
  );
  const decoded = await showThroughCodec(runA);
  const shown = historyText(JSON.parse(decoded.stdout));
  for (const clear of CLEAR)
    assert.ok(shown.includes(clear), `${clear} not shown through the codec`);
  // With a wrong token the codec server answers 401 and `temporal` shows nothing decoded.
  await assert.rejects(
    showThroughCodec(runA, 'Bearer wrong-token-of-some-length'),
    (error: { stdout?: string }) => {
      for (const clear of CLEAR) assert.ok(!(error.stdout ?? '').includes(clear));
      return true;
    },
  );
  assert.ok(
    server.logs.some((line) =>
      /RB9005 POST \/codec\/decode refused: the bearer credential is not the codec token/.test(
        line,
      ),
    ),
  );
});

async function webUiDecode(authorization: string | undefined, payloads: Payload[]) {
  return fetch(`${server.url}/codec/decode`, {
    method: 'POST',
    headers: {
      origin: UI_ORIGIN,
      'content-type': 'application/json',
      'x-namespace': 'default',
      ...(authorization === undefined ? {} : { authorization }),
    },
    body: JSON.stringify({
      payloads: payloads.map((payload) => ({
        metadata: Object.fromEntries(
          Object.entries(payload.metadata ?? {}).map(([k, v]) => [
            k,
            Buffer.from(v).toString('base64'),
          ]),
        ),
        data: Buffer.from(payload.data ?? []).toString('base64'),
      })),
    }),
  });
}

test("the Web UI's preflight and decode call (forwarded JWT, X-Namespace, credentials) get the clear values", async () => {
  const preflight = await fetch(`${server.url}/codec/decode`, {
    method: 'OPTIONS',
    headers: {
      origin: UI_ORIGIN,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type,x-namespace',
    },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), UI_ORIGIN);
  assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
  assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /X-Namespace/);
  assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);

  const payloads = payloadsIn((await rawHistory(clientA.client, runA)).events);
  const jwt = hs256(
    { sub: 'ana@example.com', exp: Math.floor(Date.now() / 1000) + 300 },
    JWT_SECRET,
  );
  const answer = await webUiDecode(`Bearer ${jwt}`, payloads);
  assert.equal(answer.status, 200, await answer.clone().text());
  assert.equal(answer.headers.get('access-control-allow-origin'), UI_ORIGIN);
  const body = (await answer.json()) as {
    payloads: Array<{ metadata: Record<string, string>; data?: string }>;
  };
  assert.equal(body.payloads.length, payloads.length);
  const shown = body.payloads
    .map((p) => Buffer.from(p.data ?? '', 'base64').toString('utf8'))
    .join('\n');
  for (const clear of CLEAR) assert.ok(shown.includes(clear), `${clear} not decoded for the UI`);
  for (const p of body.payloads) {
    assert.notEqual(
      Buffer.from(p.metadata.encoding ?? '', 'base64').toString(),
      ENCRYPTED_ENCODING,
    );
  }
});

test('no credentials, a wrong token, a forged or expired JWT, or a foreign origin get refused and nothing decoded', async () => {
  const payloads = payloadsIn((await rawHistory(clientA.client, runA)).events).slice(0, 3);
  const exp = Math.floor(Date.now() / 1000) + 300;
  const refusals: Array<[string | undefined, RegExp]> = [
    [undefined, /no Authorization header/],
    ['Bearer not-the-token-at-all-000', /not the codec token/],
    [`Bearer ${hs256({ exp }, randomBytes(32).toString('hex'))}`, /signature does not verify/],
    [`Bearer ${hs256({ exp: exp - 3600 }, JWT_SECRET)}`, /expired/],
  ];
  for (const [authorization, reason] of refusals) {
    const answer = await webUiDecode(authorization, payloads);
    const body = await answer.text();
    assert.equal(answer.status, 401, body);
    assert.match(body, /"code":"RB9005"/);
    assert.match(body, reason);
    assert.ok(!body.includes('payloads'), 'a refusal carries no payloads');
    for (const clear of CLEAR) assert.ok(!body.includes(clear));
  }
  const foreign = await fetch(`${server.url}/codec/decode`, {
    method: 'POST',
    headers: {
      origin: 'https://evil.example',
      'content-type': 'application/json',
      authorization: `Bearer ${TOKEN}`,
    },
    body: '{"payloads":[]}',
  });
  assert.equal(foreign.status, 403);
  assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  assert.ok(
    server.logs.some((line) => line.includes('RB9005')),
    'refusals are logged',
  );
});

test('after rotating to "b,a" the old run still reads, new runs are written under b, and dropping a names it', async () => {
  const rotated = await connectTo(dev.address, envBA);
  const onlyB = await connectTo(dev.address, { RUNBOOK_CODEC_KEYS: `b=${keyB}` });
  try {
    const old = await rotated.client.workflow.getHandle(runA).result();
    assert.equal(old.outputs.lookup?.host, OUTPUT);
    const worker = await startTestWorker(rotated, { env: envBA });
    const runB = runId('codec-rotated');
    await executeRun(rotated, worker, runB, runInput(definition, worker.dir, { customer: PARAM }));
    const ids = payloadsIn((await rawHistory(rotated.client, runB)).events).map((p) =>
      text(p.metadata?.[KEY_ID_METADATA]),
    );
    assert.ok(ids.length > 0 && ids.every((id) => id === 'b'), `key ids: ${ids.join(',')}`);
    await assert.rejects(onlyB.client.workflow.getHandle(runA).result(), (error: unknown) => {
      const missing =
        error instanceof CodecKeyMissingError ? error : (error as { cause?: unknown }).cause;
      assert.ok(missing instanceof CodecKeyMissingError, String(error));
      assert.equal(missing.keyId, 'a');
      assert.match(missing.message, /Add a=<its base64 key> to RUNBOOK_CODEC_KEYS/);
      return true;
    });
  } finally {
    await rotated.close();
    await onlyB.close();
  }
});

test('`runbook status` decodes the run with the keys set (a rotated list too)', async () => {
  const { code, output } = await runCli(['status', runA, '--json'], {
    TEMPORAL_ADDRESS: dev.address,
    ...envBA,
  });
  assert.equal(code, 0, output);
  const progress = JSON.parse(output) as {
    triggeredBy: string;
    steps: Array<{ outputs?: Record<string, string> }>;
  };
  assert.equal(progress.steps[0]?.outputs?.host, OUTPUT);
});

test('runbook server refuses to serve the codec with keys but no authentication, unless told so explicitly', async () => {
  const options = {
    client: clientA.client,
    address: dev.address,
    taskQueue: 'unused',
    integrations: [codecIntegration],
  };
  await assert.rejects(startTestServer({ ...options, env: envA }), (error: unknown) => {
    assert.ok(error instanceof CodecServerAuthMissingError, String(error));
    assert.equal(error.code, 'RB9004');
    return true;
  });
  const open = await startTestServer({
    ...options,
    env: { ...envA, RUNBOOK_CODEC_ALLOW_UNAUTHENTICATED: 'true' },
  });
  try {
    assert.deepEqual(
      open.integrations.map((i) => i.describe()),
      [
        'codec: /codec/encode, /codec/decode (key "a" encrypts; 1 key decrypts; auth: NONE (RUNBOOK_CODEC_ALLOW_UNAUTHENTICATED=true); CORS: no browser origin)',
      ],
    );
    assert.deepEqual(
      server.integrations.map((i) => i.describe()),
      [
        `codec: /codec/encode, /codec/decode (key "a" encrypts; 1 key decrypts; auth: bearer token, JWT HS256; CORS: ${UI_ORIGIN})`,
      ],
    );
  } finally {
    await open.close();
  }
  // Without keys there is no codec server at all.
  const off = await startTestServer({ ...options, env: {} });
  try {
    assert.equal(off.integrations.length, 0);
    assert.equal((await fetch(`${off.url}/codec/decode`, { method: 'POST' })).status, 404);
  } finally {
    await off.close();
  }
});
