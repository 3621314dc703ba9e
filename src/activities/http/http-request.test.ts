import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { CancelledFailure } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { MockActivityEnvironment } from '@temporalio/testing';
import { secretToken } from '../../runbook/secret-token.js';
import { quietActivityEnvironment } from '../test-helpers.js';
import {
  createHttpRequest,
  type HttpFailureDetails,
  type HttpRequest,
  type HttpRequestInput,
  type HttpRequestResult,
  MAX_HTTP_BODY_BYTES,
} from './http-request.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (request: Received, response: ServerResponse) => void;

const servers: Array<{ close(): void; closeAllConnections(): void }> = [];
after(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

/** A real HTTP server on 127.0.0.1 that records each request and answers with `handler`. */
async function serve(handler: Handler): Promise<{ base: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(entry);
      handler(entry, response);
    });
  });
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

function json(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(value));
}

function call(
  input: Partial<HttpRequestInput> & { url: string },
  options: { env?: NodeJS.ProcessEnv; environment?: MockActivityEnvironment } = {},
): Promise<HttpRequestResult> {
  const httpRequest = createHttpRequest({ env: options.env ?? {}, heartbeatIntervalMs: 20 });
  const environment = options.environment ?? quietActivityEnvironment();
  return environment.run<[HttpRequestInput], HttpRequestResult, HttpRequest>(httpRequest, {
    method: 'GET',
    secretRefs: [],
    ...input,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => assert.fail('expected the request to fail'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof ApplicationFailure, `expected ApplicationFailure, got ${error}`);
  return error;
}

describe('httpRequest', () => {
  it('sends a JSON body with a JSON content type and returns the parsed JSON response', async () => {
    const { base, received } = await serve((_request, response) => json(response, 201, { id: 7 }));

    const result = await call({
      method: 'POST',
      url: `${base}/deployments`,
      headers: { 'x-request': 'abc' },
      body: { image: 'app:1.2', replicas: 3 },
    });

    assert.equal(result.status, 201);
    assert.deepEqual(result.body, { id: 7 });
    assert.equal(result.headers['content-type'], 'application/json');
    assert.equal(received[0]?.method, 'POST');
    assert.equal(received[0]?.headers['content-type'], 'application/json');
    assert.equal(received[0]?.headers['x-request'], 'abc');
    assert.deepEqual(JSON.parse(received[0]?.body ?? ''), { image: 'app:1.2', replicas: 3 });
  });

  it('returns a body that is not JSON as text', async () => {
    const { base } = await serve((_request, response) => response.end('plain ok'));

    assert.equal((await call({ url: base })).body, 'plain ok');
  });

  it('resolves declared secrets in url, headers and body, and redacts them from the response', async () => {
    const token = 'tok-abcdef123456';
    const { base, received } = await serve((request, response) =>
      json(response, 200, { echoed: request.headers.authorization, url: request.url }),
    );

    const result = await call(
      {
        method: 'POST',
        url: `${base}/hook?key=${secretToken('env:TOKEN')}`,
        headers: { authorization: `Bearer ${secretToken('env:TOKEN')}` },
        body: { token: secretToken('env:TOKEN') },
        secretRefs: ['env:TOKEN'],
      },
      { env: { TOKEN: token } },
    );

    assert.equal(received[0]?.headers.authorization, `Bearer ${token}`);
    assert.equal(received[0]?.url, `/hook?key=${token}`);
    assert.deepEqual(JSON.parse(received[0]?.body ?? ''), { token });
    assert.deepEqual(result.body, { echoed: 'Bearer ***', url: '/hook?key=***' });
    assert.ok(!JSON.stringify(result).includes(token));
  });

  it('refuses an undeclared secret without sending anything', async () => {
    const { base, received } = await serve((_request, response) => response.end());

    const failure = await failureOf(
      call(
        { url: base, headers: { authorization: secretToken('env:TOKEN') }, secretRefs: [] },
        { env: { TOKEN: 'x' } },
      ),
    );

    assert.equal(failure.type, 'SecretNotDeclared');
    assert.equal(received.length, 0);
  });

  it('refuses a header value with a line break, so a value cannot add a header, and sends nothing', async () => {
    const { base, received } = await serve((_request, response) => response.end());
    for (const value of ['a\r\nX-Injected: 1', 'a\nb', 'a\u0000b']) {
      const failure = await failureOf(call({ url: base, headers: { 'x-value': value } }));
      assert.equal(failure.type, 'HttpInvalidRequest');
      assert.match(failure.message, /header "x-value" holds a line break or NUL/);
    }
    assert.equal(received.length, 0);
  });

  it('fails retryably on a 5xx, with the status and body in details', async () => {
    const { base } = await serve((_request, response) =>
      json(response, 503, { error: 'draining' }),
    );

    const failure = await failureOf(call({ url: base }));

    assert.equal(failure.type, 'HttpUnexpectedStatus');
    assert.equal(failure.nonRetryable, false);
    assert.match(failure.message, /returned 503 .*expected 2xx/);
    assert.deepEqual(failure.details?.[0], {
      status: 503,
      body: { error: 'draining' },
      truncated: false,
    } satisfies HttpFailureDetails);
  });

  it('fails non-retryably on a 404 but retryably on a 429', async () => {
    const { base } = await serve((request, response) =>
      json(response, request.url === '/busy' ? 429 : 404, {}),
    );

    assert.equal((await failureOf(call({ url: `${base}/missing` }))).nonRetryable, true);
    assert.equal((await failureOf(call({ url: `${base}/busy` }))).nonRetryable, false);
  });

  it('accepts a non-2xx status listed in expectStatus', async () => {
    const { base } = await serve((_request, response) => json(response, 404, { gone: true }));

    const result = await call({ url: base, expectStatus: [404, 410] });

    assert.equal(result.status, 404);
  });

  it('cuts a large body to the limit and returns it as text', async () => {
    const big = JSON.stringify({ data: 'x'.repeat(MAX_HTTP_BODY_BYTES * 2) });
    const { base } = await serve((_request, response) => response.end(big));

    const result = await call({ url: base });

    assert.equal(result.truncated, true);
    assert.equal(typeof result.body, 'string');
    assert.equal(Buffer.byteLength(result.body as string), MAX_HTTP_BODY_BYTES);
  });

  it('fails retryably with HttpConnectionFailed when nothing listens', async () => {
    const { base } = await serve(() => {});
    const closed = servers.at(-1);
    closed?.close();
    await new Promise((done) => setImmediate(done));

    const failure = await failureOf(call({ url: base }));

    assert.equal(failure.type, 'HttpConnectionFailed');
    assert.equal(failure.nonRetryable, false);
  });

  it('fails retryably with HttpTimeout when the server does not answer within with.timeout', async () => {
    const { base } = await serve(() => {}); // never answers

    const failure = await failureOf(call({ url: base, timeout: '50ms' }));

    assert.equal(failure.type, 'HttpTimeout');
    assert.equal(failure.nonRetryable, false);
  });

  it('aborts the request in flight when the activity is cancelled', async () => {
    const environment = quietActivityEnvironment();
    const { base } = await serve(() => environment.cancel()); // cancels instead of answering

    const error = await call({ url: base }, { environment }).catch((caught: unknown) => caught);

    assert.ok(error instanceof CancelledFailure, `expected CancelledFailure, got ${error}`);
  });

  it('refuses an invalid url non-retryably', async () => {
    const failure = await failureOf(call({ url: 'not a url' }));

    assert.equal(failure.type, 'HttpInvalidRequest');
    assert.equal(failure.nonRetryable, true);
  });
});

describe('httpRequest input as written in a runbook', () => {
  it('defaults the method to GET and reads timeout as a duration', async () => {
    const { base, received } = await serve((_request, response) => response.end('ok'));
    const httpRequest = createHttpRequest({ env: {} });

    const result = await quietActivityEnvironment().run<
      [HttpRequestInput],
      HttpRequestResult,
      HttpRequest
    >(httpRequest, { url: base, timeout: '5s', secretRefs: [] });

    assert.equal(result.body, 'ok');
    assert.equal(received[0]?.method, 'GET');
  });

  it('refuses a malformed input non-retryably, naming each bad field', async () => {
    const failure = await failureOf(
      call({
        url: 'http://127.0.0.1:9',
        expectStatus: 200 as unknown as number[],
        timeout: '30',
      }),
    );

    assert.equal(failure.type, 'HttpInvalidRequest');
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /with\.expectStatus: must be a list/);
    assert.match(failure.message, /with\.timeout: duration "30" has no unit/);
  });

  it('refuses a key that is not in the registry’s schema of http.request', async () => {
    const failure = await failureOf(
      call({ url: 'http://127.0.0.1:9', timeoutMs: 50 } as Parameters<typeof call>[0]),
    );

    assert.equal(failure.type, 'HttpInvalidRequest');
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /with\.timeoutMs: not a key this action takes/);
  });
});
