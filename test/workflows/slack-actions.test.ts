// slack.post and slack.update as runbook steps: the interpreter finds them in the registry, the
// worker's Slack activities post through the real client to the fake Web API, and the outputs
// (`ts`, `channel`) feed later steps, a rollback included.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type FakeSlack, startFakeSlack } from '../harness/fake-slack.js';
import {
  definitionFrom,
  executeRun,
  rejectionOf,
  resultOf,
  runId,
  runInput,
} from '../harness/runs.js';
import { useTimeSkippingEnv } from '../harness/time-skipping.js';
import { startTestWorker } from '../harness/worker.js';

const temporal = useTimeSkippingEnv();
let slack: FakeSlack;

before(async () => {
  slack = await startFakeSlack();
});

after(() => slack.close());

const notify = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: notify }
spec:
  params:
    fail: { type: boolean, default: false }
  steps:
    - id: announce
      uses: slack.post
      with: { channel: C0DEPLOYS, text: "deploying v2" }
      rollback:
        uses: slack.update
        with:
          channel: \${{ steps.announce.outputs.channel }}
          ts: \${{ steps.announce.outputs.ts }}
          text: "v2 rolled back"
    - id: detail
      uses: slack.post
      with:
        channel: C0DEPLOYS
        thread: \${{ steps.announce.outputs.ts }}
        blocks: [{ type: section, text: { type: mrkdwn, text: "*step* 1 of 2" } }]
        text: step 1 of 2
    - id: deploy
      run: [sh, -c, 'test "$FAIL" != true']
      env: { FAIL: "\${{ string(params.fail) }}" }
`);

test('slack.post steps post and reply in the thread; their outputs are the message ts and channel', async () => {
  const h = await startTestWorker(temporal.env, {
    env: { SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl },
  });
  const result = await executeRun(temporal.env, h, runId('slack-post'), runInput(notify, h.dir));
  assert.equal(result.status, 'Succeeded');
  const announce = result.outputs.announce as { ts: string; channel: string };
  assert.equal(announce.channel, 'C0DEPLOYS');
  assert.equal(slack.message('C0DEPLOYS', announce.ts)?.text, 'deploying v2');
  const replies = slack.replies('C0DEPLOYS', announce.ts);
  assert.deepEqual(
    replies.map((m) => [m.text, m.blocks]),
    [['step 1 of 2', [{ type: 'section', text: { type: 'mrkdwn', text: '*step* 1 of 2' } }]]],
  );
  assert.equal(slack.message('C0DEPLOYS', announce.ts)?.updates.length, 0);
});

test('a rollback with slack.update amends the message when a later step fails', async () => {
  const h = await startTestWorker(temporal.env, {
    env: { SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl },
  });
  const error = await rejectionOf(
    executeRun(temporal.env, h, runId('slack-rollback'), runInput(notify, h.dir, { fail: true })),
  );
  const result = resultOf(error);
  assert.equal(result.status, 'RolledBack');
  const announce = result.progress.steps.find((s) => s.id === 'announce');
  assert.equal(announce?.rollback?.status, 'Succeeded');
  const posted = [...slack.messages.values()].filter((m) => m.text === 'v2 rolled back');
  assert.equal(posted.length, 1);
  assert.deepEqual(posted[0]?.updates, [{ text: 'v2 rolled back' }]);
});

test('a channel the bot cannot see fails the step at once with the fix, not retried', async () => {
  slack.missingChannels.add('C0SECRET');
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: notify-missing }
spec:
  steps:
    - id: announce
      uses: slack.post
      with: { channel: C0SECRET, text: hello }
`);
  const h = await startTestWorker(temporal.env, {
    env: { SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl },
  });
  const before = slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0SECRET');
  const result = resultOf(
    await rejectionOf(
      executeRun(temporal.env, h, runId('slack-missing'), runInput(definition, h.dir)),
    ),
  );
  assert.equal(result.status, 'Failed');
  assert.match(result.reason ?? '', /Slack has no channel C0SECRET the bot can see/);
  const after = slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0SECRET');
  assert.equal(after.length - before.length, 1, 'a non-retryable Slack failure was retried');
});
