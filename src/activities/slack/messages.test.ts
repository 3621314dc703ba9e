// The Slack step activities against a loopback server answering as Slack's Web API documents
// (`{ ok, channel, ts }`, `{ ok: false, error }`, HTTP 429 with Retry-After), with the real
// `@slack/web-api` client pointed at it through SLACK_API_URL.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { SlackFailureType } from './errors.js';
import { createSlackActivities } from './messages.js';

interface SlackCall {
  readonly method: string;
  readonly authorization: string | undefined;
  readonly params: Record<string, string>;
}

/** Scripted answers per method: a JSON body (status 200) or a status with headers. */
type Answer = { body: object } | { status: number; headers: Record<string, string> };

let server: Server;
let apiUrl: string;
const calls: SlackCall[] = [];
const answers = new Map<string, Answer>();

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

before(async () => {
  server = createServer((request, response) => {
    void readBody(request).then((text) => {
      const method = (request.url ?? '').replace(/^\/api\//, '');
      const params = Object.fromEntries(new URLSearchParams(text));
      calls.push({ method, authorization: request.headers.authorization, params });
      const answer = answers.get(method) ?? {
        body: {
          ok: true,
          channel: 'C0OPS',
          ts: '1712345678.000100',
          message: { text: params.text },
        },
      };
      if ('status' in answer) {
        response.writeHead(answer.status, answer.headers).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address !== null && typeof address === 'object');
  apiUrl = `http://127.0.0.1:${address.port}/api/`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  calls.length = 0;
  answers.clear();
});

const activities = () =>
  createSlackActivities({ env: { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_API_URL: apiUrl } });

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => assert.fail('expected the activity to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ApplicationFailure, String(error));
  return error;
}

describe('slack.post', () => {
  it('posts text and blocks into a thread with the bot token and returns ts and channel', async () => {
    answers.set('chat.postMessage', {
      body: { ok: true, channel: 'C0OPS', ts: '1712345999.000200', message: {} },
    });
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*deploy* done' } }];
    const result = await activities().slackPostMessage({
      channel: '#ops',
      text: 'deploy done',
      blocks,
      thread: '1712345678.000100',
    });
    assert.deepEqual(result, { outputs: { ts: '1712345999.000200', channel: 'C0OPS' } });
    assert.equal(calls.length, 1);
    const [call] = calls;
    assert.equal(call?.method, 'chat.postMessage');
    assert.equal(call?.authorization, 'Bearer xoxb-test-token');
    assert.equal(call?.params.channel, '#ops');
    assert.equal(call?.params.text, 'deploy done');
    assert.equal(call?.params.thread_ts, '1712345678.000100');
    assert.deepEqual(JSON.parse(call?.params.blocks ?? 'null'), blocks);
  });

  it('fails channel_not_found, not retried, saying to check the channel or invite the app', async () => {
    answers.set('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    const failure = await failureOf(
      activities().slackPostMessage({ channel: 'C0GONE', text: 'x' }),
    );
    assert.equal(failure.type, SlackFailureType.channelNotFound);
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /^Slack has no channel C0GONE the bot can see .*invite the app/);
  });

  it('fails not_in_channel and invalid_auth, not retried, each naming the fix', async () => {
    answers.set('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    const outside = await failureOf(activities().slackPostMessage({ channel: 'C0OPS', text: 'x' }));
    assert.equal(outside.type, SlackFailureType.notInChannel);
    assert.equal(outside.nonRetryable, true);
    assert.match(outside.message, /invite it with \/invite @<app>/);
    answers.set('chat.postMessage', { body: { ok: false, error: 'invalid_auth' } });
    const auth = await failureOf(activities().slackPostMessage({ channel: 'C0OPS', text: 'x' }));
    assert.equal(auth.type, SlackFailureType.authFailed);
    assert.equal(auth.nonRetryable, true);
    assert.match(
      auth.message,
      /SLACK_BOT_TOKEN \(chat\.postMessage: invalid_auth\): set a valid bot token/,
    );
    assert.ok(!auth.message.includes('xoxb-test-token'), 'the token leaked into the message');
  });

  it('hands a rate limit back at once as a retryable failure that waits Retry-After', async () => {
    answers.set('chat.postMessage', { status: 429, headers: { 'retry-after': '7' } });
    const started = Date.now();
    const failure = await failureOf(activities().slackPostMessage({ channel: 'C0OPS', text: 'x' }));
    assert.equal(failure.type, SlackFailureType.rateLimited);
    assert.equal(failure.nonRetryable, false);
    assert.equal(failure.nextRetryDelay, 7000);
    assert.equal(calls.length, 1, 'the client retried inside the attempt');
    assert.ok(Date.now() - started < 5000, 'the attempt slept through Retry-After');
  });

  it('retries a Slack outage (5xx) a bounded number of times, then fails retryable', async () => {
    answers.set('chat.postMessage', { status: 503, headers: {} });
    const failure = await failureOf(activities().slackPostMessage({ channel: 'C0OPS', text: 'x' }));
    assert.equal(failure.type, SlackFailureType.unavailable);
    assert.equal(failure.nonRetryable, false);
    assert.equal(calls.length, 3);
  });

  it('refuses a rendered with: that does not fit, and a worker without a token, before calling Slack', async () => {
    const bad = await failureOf(activities().slackPostMessage({ channel: 'ops' } as never));
    assert.equal(bad.type, SlackFailureType.invalidInput);
    assert.equal(bad.nonRetryable, true);
    assert.match(bad.message, /^the rendered with: of slack.post does not fit: with.channel: /);
    const unset = createSlackActivities({ env: { SLACK_API_URL: apiUrl } });
    const missing = await failureOf(unset.slackPostMessage({ channel: 'C0OPS', text: 'x' }));
    assert.equal(missing.type, SlackFailureType.notConfigured);
    assert.match(missing.message, /^SLACK_BOT_TOKEN is not set on the worker/);
    assert.equal(calls.length, 0);
  });
});

describe('slack.update', () => {
  it('replaces the text of the message at channel and ts', async () => {
    answers.set('chat.update', {
      body: { ok: true, channel: 'C0OPS', ts: '1712345678.000100', text: 'rolled back' },
    });
    const result = await activities().slackUpdateMessage({
      channel: 'C0OPS',
      ts: '1712345678.000100',
      text: 'rolled back',
    });
    assert.deepEqual(result, { outputs: { ts: '1712345678.000100', channel: 'C0OPS' } });
    assert.deepEqual(
      calls.map((c) => [c.method, c.params.channel, c.params.ts, c.params.text]),
      [['chat.update', 'C0OPS', '1712345678.000100', 'rolled back']],
    );
  });

  it('fails message_not_found, not retried, saying which message it may update', async () => {
    answers.set('chat.update', { body: { ok: false, error: 'message_not_found' } });
    const failure = await failureOf(
      activities().slackUpdateMessage({ channel: 'C0OPS', ts: '1.2', text: 'x' }),
    );
    assert.equal(failure.type, SlackFailureType.messageNotFound);
    assert.equal(failure.nonRetryable, true);
  });
});
