// The Slack step activities against the shared fake of Slack's Web API (test/harness/fake-slack.ts),
// with the real `@slack/web-api` client pointed at it through SLACK_API_URL.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { SlackFailureType } from '../../src/activities/slack/errors.js';
import { createSlackActivities } from '../../src/activities/slack/messages.js';
import { type FakeSlack, startFakeSlack } from '../harness/fake-slack.js';

let slack: FakeSlack;

before(async () => {
  slack = await startFakeSlack();
});

after(() => slack.close());

const activities = (env: NodeJS.ProcessEnv = {}) =>
  createSlackActivities({
    env: { SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl, ...env },
  });

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => assert.fail('expected the activity to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ApplicationFailure, String(error));
  return error;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('slack.post', () => {
  it('posts text and blocks into a thread with the bot token and returns ts and channel', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*deploy* done' } }];
    const before = slack.callsTo('chat.postMessage').length;
    const result = await activities().slackPostMessage({
      channel: 'C0OPS',
      text: 'deploy done',
      blocks,
      thread: '1712345678.000100',
    });
    const { ts, channel } = result.outputs;
    assert.equal(channel, 'C0OPS');
    assert.deepEqual(slack.message(channel, ts)?.blocks, blocks);
    assert.equal(slack.message(channel, ts)?.text, 'deploy done');
    assert.equal(slack.message(channel, ts)?.threadTs, '1712345678.000100');
    const calls = slack.callsTo('chat.postMessage').slice(before);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.token, slack.token);
  });

  it('fails channel_not_found, not retried, saying to check the channel or invite the app', async () => {
    slack.missingChannels.add('C0GONE');
    const failure = await failureOf(
      activities().slackPostMessage({ channel: 'C0GONE', text: 'x' }),
    );
    assert.equal(failure.type, SlackFailureType.channelNotFound);
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /^Slack has no channel C0GONE the bot can see .*invite the app/);
  });

  it('fails not_in_channel and invalid_auth, not retried, each naming the fix, never the token', async () => {
    slack.failNext('chat.postMessage', 'not_in_channel');
    const outside = await failureOf(activities().slackPostMessage({ channel: 'C0OPS', text: 'x' }));
    assert.equal(outside.type, SlackFailureType.notInChannel);
    assert.equal(outside.nonRetryable, true);
    assert.match(outside.message, /invite it with \/invite @<app>/);
    const wrongToken = activities({ SLACK_BOT_TOKEN: 'xoxb-revoked-token' });
    const auth = await failureOf(wrongToken.slackPostMessage({ channel: 'C0OPS', text: 'x' }));
    assert.equal(auth.type, SlackFailureType.authFailed);
    assert.equal(auth.nonRetryable, true);
    assert.match(
      auth.message,
      /SLACK_BOT_TOKEN \(chat\.postMessage: invalid_auth\): set a valid bot token/,
    );
    assert.ok(!auth.message.includes('xoxb-revoked-token'), 'the token leaked into the message');
  });

  it('hands a rate limit back at once as a retryable failure that waits Retry-After', async () => {
    slack.failNext('chat.postMessage', 'ratelimited', { retryAfterSeconds: 7 });
    const before = slack.callsTo('chat.postMessage').length;
    const started = Date.now();
    const failure = await failureOf(activities().slackPostMessage({ channel: 'C0OPS', text: 'x' }));
    assert.equal(failure.type, SlackFailureType.rateLimited);
    assert.equal(failure.nonRetryable, false);
    assert.equal(failure.nextRetryDelay, 7000);
    assert.equal(
      slack.callsTo('chat.postMessage').length - before,
      1,
      'retried inside the attempt',
    );
    assert.ok(Date.now() - started < 5000, 'the attempt slept through Retry-After');
  });

  it('fails retryable when Slack cannot be reached, after the client’s bounded retries', async () => {
    const unreachable = activities({
      SLACK_API_URL: `http://127.0.0.1:${await closedPort()}/api/`,
    });
    const started = Date.now();
    const failure = await failureOf(unreachable.slackPostMessage({ channel: 'C0OPS', text: 'x' }));
    assert.equal(failure.type, SlackFailureType.unavailable);
    assert.equal(failure.nonRetryable, false);
    assert.match(
      failure.message,
      /^Slack could not be reached for chat\.postMessage in channel C0OPS/,
    );
    assert.ok(Date.now() - started < 10_000, 'the client retried for too long');
  });

  it('refuses a rendered with: that does not fit, and a worker without a token, before calling Slack', async () => {
    const before = slack.calls.length;
    const bad = await failureOf(activities().slackPostMessage({ channel: 'ops' } as never));
    assert.equal(bad.type, SlackFailureType.invalidInput);
    assert.equal(bad.nonRetryable, true);
    assert.match(bad.message, /^the rendered with: of slack.post does not fit: with.channel: /);
    const unset = createSlackActivities({ env: { SLACK_API_URL: slack.apiUrl } });
    const missing = await failureOf(unset.slackPostMessage({ channel: 'C0OPS', text: 'x' }));
    assert.equal(missing.type, SlackFailureType.notConfigured);
    assert.match(missing.message, /^SLACK_BOT_TOKEN is not set on the worker/);
    assert.equal(slack.calls.length, before);
  });
});

describe('slack.update', () => {
  it('replaces the text of the message slack.post posted', async () => {
    const posted = await activities().slackPostMessage({ channel: 'C0OPS', text: 'deploying' });
    const result = await activities().slackUpdateMessage({
      channel: posted.outputs.channel,
      ts: posted.outputs.ts,
      text: 'rolled back',
    });
    assert.deepEqual(result, posted);
    const message = slack.message(posted.outputs.channel, posted.outputs.ts);
    assert.equal(message?.text, 'rolled back');
    assert.deepEqual(message?.updates, [{ text: 'rolled back' }]);
  });

  it('fails message_not_found, not retried, saying which message it may update', async () => {
    const failure = await failureOf(
      activities().slackUpdateMessage({ channel: 'C0OPS', ts: '1.2', text: 'x' }),
    );
    assert.equal(failure.type, SlackFailureType.messageNotFound);
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /update only a message this bot posted/);
  });
});
