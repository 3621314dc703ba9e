import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type FakeSlack, startFakeSlack } from '../../../../test/harness/fake-slack.js';
import { boundedSlackApi, notifierWebClient, SlackCallFailedError } from './slack-calls.js';

describe('boundedSlackApi', () => {
  let fake: FakeSlack;
  before(async () => {
    fake = await startFakeSlack();
  });
  after(() => fake.close());

  it('waits out ratelimited with the Retry-After Slack sent, then succeeds', async () => {
    const waits: number[] = [];
    const api = boundedSlackApi(notifierWebClient(fake.token, fake.apiUrl), {
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    fake.failNext('chat.postMessage', 'ratelimited', { times: 2, retryAfterSeconds: 3 });
    const answer = await api.call('chat.postMessage', { channel: 'C0OPS', text: 'hi' });
    assert.equal(answer.ok, true);
    assert.deepEqual(waits, [3_000, 3_000]);
  });

  it('gives up after a bounded number of attempts, and at once on a permanent error', async () => {
    const api = boundedSlackApi(notifierWebClient(fake.token, fake.apiUrl), {
      attempts: 3,
      sleep: async () => {},
    });
    const before = fake.callsTo('chat.update').length;
    fake.failNext('chat.update', 'ratelimited', { times: 10, retryAfterSeconds: 1 });
    await assert.rejects(
      api.call('chat.update', { channel: 'C0OPS', ts: '1.1' }),
      SlackCallFailedError,
    );
    assert.equal(fake.callsTo('chat.update').length - before, 3);
    fake.missingChannels.add('C0GONE');
    const posts = fake.callsTo('chat.postMessage').length;
    await assert.rejects(
      api.call('chat.postMessage', { channel: 'C0GONE', text: 'x' }),
      /channel_not_found/,
    );
    assert.equal(fake.callsTo('chat.postMessage').length - posts, 1);
  });
});
