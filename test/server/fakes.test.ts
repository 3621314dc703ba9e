// The fakes speak the real wire formats: the real clients, pointed at them, work unchanged.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { createAppAuth } from '@octokit/auth-app';
import { githubClient } from '../../src/integrations/github/octokit.js';
import { slackWebClient } from '../../src/integrations/slack/web-client.js';
import { installCheckRuns } from '../harness/fake-github/check-runs.js';
import { installComments } from '../harness/fake-github/comments.js';
import { startFakeGithub } from '../harness/fake-github/server.js';
import { startFakeSlack } from '../harness/fake-slack.js';

test('the Slack Web API client posts, updates and waits out a rate limit against the fake', async () => {
  const slack = await startFakeSlack();
  try {
    const client = slackWebClient({ SLACK_API_URL: slack.apiUrl, SLACK_BOT_TOKEN: slack.token });
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'hello', blocks: [] });
    assert.equal(posted.ok, true);
    assert.equal(posted.channel, 'C1');
    slack.failNext('chat.update', 'ratelimited', { retryAfterSeconds: 1 });
    const updated = await client.chat.update({ channel: 'C1', ts: posted.ts ?? '', text: 'bye' });
    assert.equal(updated.ok, true);
    assert.equal(slack.callsTo('chat.update').length, 2, 'one 429, then the retry');
    assert.deepEqual(slack.message('C1', posted.ts ?? '')?.updates, [{ text: 'bye' }]);
    slack.missingChannels.add('C404');
    await assert.rejects(
      client.chat.postMessage({ channel: 'C404', text: 'x' }),
      /channel_not_found/,
    );
    const wrongToken = slackWebClient({
      SLACK_API_URL: slack.apiUrl,
      SLACK_BOT_TOKEN: 'xoxb-wrong',
    });
    await assert.rejects(wrongToken.auth.test(), /invalid_auth/);
  } finally {
    await slack.close();
  }
});

test('octokit as a GitHub App gets an installation token only with a valid App JWT', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = (key: typeof privateKey, type: 'pkcs1' | 'spki') =>
    key.export({ type, format: 'pem' }).toString();
  const github = await startFakeGithub({
    app: { id: 4242, publicKeyPem: pem(publicKey, 'spki'), installationId: 77 },
  });
  try {
    const comments = installComments(github);
    const checks = installCheckRuns(github);
    const octokit = githubClient({
      baseUrl: github.url,
      auth: {
        authStrategy: createAppAuth,
        auth: { appId: 4242, privateKey: pem(privateKey, 'pkcs1'), installationId: 77 },
      },
    });
    const created = await octokit.rest.issues.createComment({
      owner: 'o',
      repo: 'r',
      issue_number: 5,
      body: 'plan',
    });
    await octokit.rest.issues.updateComment({
      owner: 'o',
      repo: 'r',
      comment_id: created.data.id,
      body: 'plan v2',
    });
    assert.deepEqual(
      comments.on('o/r', 5).map((c) => [c.body, c.edits]),
      [['plan v2', 1]],
    );
    await octokit.rest.checks.create({
      owner: 'o',
      repo: 'r',
      name: 'runbooks',
      head_sha: 'a'.repeat(40),
      conclusion: 'failure',
      output: {
        title: 't',
        summary: 's',
        annotations: [
          {
            path: 'runbooks/x.yaml',
            start_line: 3,
            end_line: 3,
            annotation_level: 'failure',
            message: 'm',
          },
        ],
      },
    });
    assert.equal(checks.forSha('o/r', 'a'.repeat(40))[0]?.annotations[0]?.start_line, 3);
    assert.equal(github.installationTokens.length, 1, 'one installation token, reused');

    const { privateKey: otherKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const impostor = githubClient({
      baseUrl: github.url,
      auth: {
        authStrategy: createAppAuth,
        auth: { appId: 4242, privateKey: pem(otherKey, 'pkcs1'), installationId: 77 },
      },
    });
    await assert.rejects(
      impostor.rest.issues.createComment({ owner: 'o', repo: 'r', issue_number: 5, body: 'x' }),
      /could not be decoded: bad signature/,
    );
  } finally {
    await github.close();
  }
});
