// End to end on the dev server (issue 11): the real runbook server with the Slack integration and
// the live extension, a test worker, and the fake Slack. A run's message is posted and updated in
// place; an approval step posts Approve / Reject buttons in the run's thread; signed clicks
// become the workflow's votes; every refused click is answered ephemerally and leaves no accepted
// Update in history.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ApplicationFailure,
  type WorkflowHandle,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { type PeopleDirectory, parsePeople } from '../../src/runbook/people/index.js';
import { startRunbookRun } from '../../src/runs/start-run.js';
import { RunNotifier } from '../../src/server/slack/notifier/run-notifier.js';
import { boundedSlackApi, notifierWebClient } from '../../src/server/slack/notifier/slack-calls.js';
import { slackRunId } from '../../src/server/slack/run-ids.js';
import { localCatalog } from '../../src/source/catalog.js';
import { approveUpdate, progressQuery } from '../../src/workflows/definitions.js';
import type { RunTrigger } from '../../src/workflows/types.js';
import { useDevServer } from '../harness/dev-server.js';
import { eventually } from '../harness/eventually.js';
import {
  type SlackMessage,
  signSlackRequest,
  slashCommandBody,
  startFakeSlack,
} from '../harness/fake-slack.js';
import { commitRepo } from '../harness/git-repo.js';
import { definitionFrom, rejectionOf, runId, runInput } from '../harness/runs.js';
import {
  buttonValue,
  click,
  SIGNING_SECRET,
  type SlackLive,
  startSlackLive,
} from '../harness/slack-live.js';
import { connectTo } from '../harness/worker.js';

const dev = useDevServer({ prefix: 'rr-slack-approval-' });

const PEOPLE_YAML = `apiVersion: runbook-runner/v1
kind: People
people:
  alice: { cli: [alice], slack: [U0ALICE] }
  bob:   { slack: [U0BOB] }
  carol: { slack: [U0CAROL] }
  dave:  { cli: [dave], slack: [U0DAVE] }
`;

const people: PeopleDirectory = (() => {
  const parsed = parsePeople(PEOPLE_YAML, 'people.yaml');
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.directory;
})();

const gatedText = (extra = '') => `
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: slack-gate }
spec:
  params:
    image: { type: string, default: "api:1.2" }
    token: { type: secret, default: "env:DEPLOY_TOKEN" }
  steps:
    - id: gate
      uses: approval
      with:
        message: "Ship \${{ params.image }}?"
        approvers: { people: [alice, bob, carol] }
        required: 2
        ${extra}
    - id: ship
      name: ship it
      run: [touch, shipped]
`;
const gated = (extra = '') => definitionFrom(gatedText(extra));

describe('Slack approvals end to end', () => {
  let live: SlackLive;
  let temporal: Awaited<ReturnType<typeof connectTo>>;

  before(async () => {
    temporal = await connectTo(dev.address);
    // The repository the server reads runbooks from by name, for the slash command.
    const repo = commitRepo(mkdtempSync(join(tmpdir(), 'rr-slack-approval-repo-')), {
      'runbooks/people.yaml': PEOPLE_YAML,
      'runbooks/slack-gate.yaml': gatedText(),
    });
    live = await startSlackLive(
      { ...temporal, address: dev.address },
      { catalog: localCatalog(repo) },
    );
  });
  after(async () => {
    await live?.close();
    await temporal?.close();
  });

  /** Starts a run as the slash command does (start, then `follow` where it was started). */
  async function startGated(trigger: RunTrigger, extra = '', definition = gated(extra)) {
    const id = runId('slack-gate');
    await startRunbookRun(temporal.client, {
      taskQueue: live.worker.taskQueue,
      workflowId: id,
      input: { ...runInput(definition, live.worker.dir, {}, trigger), people },
      memo: { slack: { channel: 'C0OPS' } },
    });
    live.notifier.follow(id, { channel: 'C0OPS' });
    const handle = temporal.client.workflow.getHandle(id);
    const runMessage = await eventually(
      () =>
        [...live.slack.messages.values()].find(
          (m) => m.threadTs === undefined && m.text?.includes(id) === true,
        ),
      { what: `the run message of ${id}` },
    );
    const approval = await eventually(
      () =>
        live.slack
          .replies('C0OPS', runMessage.ts)
          .find((m) => buttonValue(m.blocks, 'runbook_approve') !== undefined),
      { what: 'the approval message with buttons' },
    );
    const value = buttonValue(approval.blocks, 'runbook_approve') as string;
    return { id, handle, runMessage, approval, value };
  }

  async function acceptedUpdates(handle: WorkflowHandle): Promise<number> {
    const history = await handle.fetchHistory();
    return (history.events ?? []).filter(
      (e) => e.workflowExecutionUpdateAcceptedEventAttributes != null,
    ).length;
  }

  async function ephemeral(responseUrl: string): Promise<string> {
    const bodies = await eventually(() => live.slack.responses.get(responseUrl), {
      what: 'the ephemeral answer',
    });
    const body = bodies[0] as { text?: string; response_type?: string };
    assert.equal(body.response_type, 'ephemeral');
    return body.text ?? '';
  }

  const shown = (m: SlackMessage | undefined) => JSON.stringify(m?.blocks ?? []);

  it('a signed slash command starts the run; two allowed clicks pass the 2-of-3 approval; the message, updated in place, shows both approvers', async () => {
    const triggerId = `13345224609.738474920.${Date.now().toString(16)}`;
    const responseUrl = live.slack.newResponseUrl();
    const body = slashCommandBody({
      text: 'run slack-gate image=api:2.0',
      userId: 'U0DAVE',
      channelId: 'C0OPS',
      responseUrl,
      triggerId,
    });
    const answer = await fetch(`${live.server.url}/slack/commands`, {
      method: 'POST',
      headers: signSlackRequest(SIGNING_SECRET, body),
      body,
    });
    assert.equal(answer.status, 200);
    const id = slackRunId('slack-gate', triggerId);
    const handle = temporal.client.workflow.getHandle(id);
    const runMessage = await eventually(
      () =>
        [...live.slack.messages.values()].find(
          (m) => m.channel === 'C0OPS' && m.threadTs === undefined && m.text?.includes(id) === true,
        ),
      { what: `the run message of ${id}` },
    );
    assert.match(shown(runMessage), /<@U0DAVE>/, 'the Slack user is the starter');
    const approval = await eventually(
      () =>
        live.slack
          .replies('C0OPS', runMessage.ts)
          .find((m) => buttonValue(m.blocks, 'runbook_approve') !== undefined),
      { what: 'the approval message with buttons' },
    );
    assert.match(shown(approval), /Ship api:2\.0\?/);
    const value = buttonValue(approval.blocks, 'runbook_approve') as string;
    await click(live, 'U0ALICE', 'runbook_approve', value);
    await eventually(() => /1 of 2/.test(shown(live.slack.message('C0OPS', approval.ts))), {
      what: 'the approval message to count 1 of 2',
    });
    await click(live, 'U0CAROL', 'runbook_approve', value);
    const result = (await handle.result()) as { status: string };
    assert.equal(result.status, 'Succeeded');
    const final = await eventually(
      () => {
        const m = live.slack.message('C0OPS', runMessage.ts);
        return /Succeeded/.test(shown(m)) && m;
      },
      { what: 'the run message to say Succeeded' },
    );
    assert.ok(final.updates.length > 0, 'the run message was updated in place');
    const decided = await eventually(
      () => {
        const text = shown(live.slack.message('C0OPS', approval.ts));
        return /U0CAROL/.test(text) && text;
      },
      { what: 'the approval message to show the second approver' },
    );
    assert.match(decided, /U0ALICE/);
    assert.equal(buttonValue(JSON.parse(decided), 'runbook_approve'), undefined, 'buttons gone');
    const description = await handle.describe();
    assert.equal(description.searchAttributes.TriggeredBy?.[0], 'slack:U0DAVE');
  });

  it('two allowed clicks pass a 2-of-3 approval; the run finishes and its message shows both approvers; a later click is refused', async () => {
    const run = await startGated({ kind: 'slack', actor: 'slack:U0DAVE' });
    const first = shown(run.runMessage);
    assert.match(first, /<@U0DAVE>/, 'who started the run');
    assert.match(first, /env:DEPLOY_TOKEN/, 'a secret param by its reference');
    assert.match(shown(run.approval), /Ship api:1\.2\?/);
    assert.match(shown(run.approval), /ship it/, 'the plan summary names the next step');
    assert.match(shown(run.approval), /0 of 2/);

    assert.equal((await click(live, 'U0ALICE', 'runbook_approve', run.value)).status, 200);
    await eventually(() => /1 of 2/.test(shown(live.slack.message('C0OPS', run.approval.ts))), {
      what: 'the approval message to count 1 of 2',
    });
    await click(live, 'U0BOB', 'runbook_approve', run.value);
    const result = await run.handle.result();
    assert.equal(result.status, 'Succeeded');

    const message = await eventually(
      () => {
        const m = live.slack.message('C0OPS', run.runMessage.ts);
        return /Succeeded/.test(shown(m)) && m;
      },
      { what: 'the run message to say Succeeded' },
    );
    assert.ok(message.updates.length >= 1, 'updated in place with chat.update');
    assert.match(shown(message), /<@U0ALICE>/);
    assert.match(shown(message), /<@U0BOB>/);
    const decided = await eventually(
      () => {
        const m = live.slack.message('C0OPS', run.approval.ts);
        return buttonValue(m?.blocks, 'runbook_approve') === undefined && m;
      },
      { what: 'the approval message to lose its buttons' },
    );
    assert.match(shown(decided), /Approved by <@U0ALICE>, <@U0BOB>/);
    const final = live.slack.replies('C0OPS', run.runMessage.ts).map((m) => m.text ?? '');
    assert.ok(
      final.some((t) => /Run Succeeded/.test(t)),
      JSON.stringify(final),
    );
    const progress = await run.handle.query(progressQuery);
    const gate = progress.steps.find((s) => s.id === 'gate');
    assert.deepEqual(
      gate?.approvals?.map((v) => [v.identity, v.verified]),
      [
        ['slack:U0ALICE', true],
        ['slack:U0BOB', true],
      ],
    );

    // A click on the finished run: answered ephemerally, nothing changes.
    const before = await acceptedUpdates(run.handle);
    const late = await click(live, 'U0CAROL', 'runbook_approve', run.value);
    assert.match(await ephemeral(late.responseUrl), /has ended/);
    assert.equal(await acceptedUpdates(run.handle), before);
  });

  it('refuses self-approval, also across two identities of one person, with nothing recorded', async () => {
    const run = await startGated({ kind: 'cli', actor: 'cli:alice' });
    const answer = await click(live, 'U0ALICE', 'runbook_approve', run.value);
    assert.match(await ephemeral(answer.responseUrl), /started this run \(as cli:alice\)/);
    assert.equal(await acceptedUpdates(run.handle), 0);
    await run.handle.terminate('test done');
  });

  it('refuses a user outside the approvers, and a double click, with nothing extra recorded', async () => {
    const run = await startGated({ kind: 'slack', actor: 'slack:U0DAVE' });
    const outsider = await click(live, 'U0EVE', 'runbook_approve', run.value);
    assert.match(await ephemeral(outsider.responseUrl), /may not decide step "gate"/);
    assert.equal(await acceptedUpdates(run.handle), 0);

    await click(live, 'U0CAROL', 'runbook_approve', run.value);
    const again = await click(live, 'U0CAROL', 'runbook_approve', run.value);
    assert.match(await ephemeral(again.responseUrl), /already approved/);
    assert.equal(await acceptedUpdates(run.handle), 1);
    await run.handle.terminate('test done');
  });

  it('with verified: true, a vote sent straight to Temporal claiming slack:U0ALICE is refused; the same person clicking in Slack counts', async () => {
    const run = await startGated({ kind: 'slack', actor: 'slack:U0DAVE' }, 'verified: true');
    const error = await rejectionOf(
      run.handle.executeUpdate(approveUpdate, {
        args: [{ stepId: 'gate', approver: 'slack:U0ALICE' }],
      }),
    );
    assert.ok(error instanceof WorkflowUpdateFailedError, String(error));
    assert.ok(error.cause instanceof ApplicationFailure);
    assert.equal(error.cause.type, 'ApprovalRefused');
    assert.match(error.cause.message, /requires a vote verified by runbook server/);
    assert.equal(await acceptedUpdates(run.handle), 0);

    await click(live, 'U0ALICE', 'runbook_approve', run.value);
    await eventually(async () => (await acceptedUpdates(run.handle)) === 1, {
      what: 'the signed Slack vote to be accepted',
    });
    await run.handle.terminate('test done');
  });

  it('approvers.slackUserGroups: a member of the Slack user group (not in people.yaml) is admitted by the signed membership; a non-member and an unsigned claim are refused with nothing recorded', async () => {
    live.slack.setUserGroup('S0ONCALL', ['U0ERIN']);
    const onCall = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: slack-gate }
spec:
  steps:
    - id: gate
      uses: approval
      with:
        message: "On call, ship?"
        approvers: { slackUserGroups: [S0ONCALL] }
    - id: ship
      run: [touch, shipped]
`);
    const run = await startGated({ kind: 'slack', actor: 'slack:U0DAVE' }, '', onCall);
    const outsider = await click(live, 'U0EVE', 'runbook_approve', run.value);
    assert.match(
      await ephemeral(outsider.responseUrl),
      /may not decide step "gate"; allowed: Slack user group <!subteam\^S0ONCALL>/,
    );
    const claimed = await rejectionOf(
      run.handle.executeUpdate(approveUpdate, {
        args: [{ stepId: 'gate', approver: 'slack:U0EVE', slackUserGroups: ['S0ONCALL'] }],
      }),
    );
    assert.ok(claimed instanceof WorkflowUpdateFailedError, String(claimed));
    assert.match(String(claimed.cause?.message), /counts only in a vote signed by runbook server/);
    assert.equal(await acceptedUpdates(run.handle), 0);

    await click(live, 'U0ERIN', 'runbook_approve', run.value);
    await eventually(async () => (await acceptedUpdates(run.handle)) === 1, {
      what: 'the signed vote of the user group member to be accepted',
    });
    assert.equal(await run.handle.result().then((r) => r.status), 'Succeeded');
    const progress = await run.handle.query(progressQuery);
    const gate = progress.steps.find((s) => s.key === 'gate');
    assert.deepEqual(
      gate?.approvals?.map((v) => v.identity ?? v.by),
      ['slack:U0ERIN'],
    );
    assert.equal(await acceptedUpdates(run.handle), 1);
  });

  it('a rejection from the modal records the reason and the message shows who rejected and why', async () => {
    const run = await startGated({ kind: 'slack', actor: 'slack:U0DAVE' });
    await click(live, 'U0BOB', 'runbook_reject', run.value);
    const open = await eventually(() => live.slack.callsTo('views.open').at(-1), {
      what: 'the reject modal',
    });
    const view = open.args.view as { callback_id: string; private_metadata: string };
    const body = new URLSearchParams({
      payload: JSON.stringify({
        type: 'view_submission',
        team: { id: 'T0001', domain: 'example' },
        user: { id: 'U0BOB', username: 'u0bob', name: 'u0bob', team_id: 'T0001' },
        api_app_id: 'A123456',
        token: 'gIkuvaNzQIHg97ATvDxqgjtO',
        trigger_id: '12345.98765.abcd2358fdea',
        view: {
          id: 'V00000001',
          type: 'modal',
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          state: {
            values: {
              reason: {
                reason_input: { type: 'plain_text_input', value: 'wrong image <!channel>' },
              },
            },
          },
          hash: 'h1',
        },
      }),
    }).toString();
    const { signSlackRequest } = await import('../harness/fake-slack.js');
    const { SIGNING_SECRET } = await import('../harness/slack-live.js');
    const res = await fetch(`${live.server.url}/slack/interactions`, {
      method: 'POST',
      headers: signSlackRequest(SIGNING_SECRET, body),
      body,
    });
    assert.equal(res.status, 200);
    const result = await run.handle.result().then(
      (r) => r,
      (e: unknown) => e,
    );
    assert.ok(result instanceof Error, 'a rejected run fails');
    const decided = await eventually(
      () => {
        const m = live.slack.message('C0OPS', run.approval.ts);
        return /Rejected by <@U0BOB>/.test(shown(m)) && m;
      },
      { what: 'the approval message to show the rejection' },
    );
    assert.match(shown(decided), /wrong image &lt;!channel&gt;/);
    assert.equal(buttonValue(decided.blocks, 'runbook_reject'), undefined);
  });
});

describe('a Slack outage', () => {
  it('never blocks a run: with every Slack call rate limited, the run finishes before one message is posted, and the notifier logs', async () => {
    const temporal = await connectTo(dev.address);
    const slack = await startFakeSlack();
    const { startTestWorker } = await import('../harness/worker.js');
    const w = await startTestWorker(temporal);
    const running = w.worker.run();
    const logs: string[] = [];
    const notifier = new RunNotifier({
      client: temporal.client,
      namespace: 'default',
      slack: boundedSlackApi(notifierWebClient(slack.token, slack.apiUrl), { attempts: 2 }),
      log: (line) => logs.push(line),
      discoveryIntervalMs: 0,
    });
    try {
      for (const method of ['chat.postMessage', 'chat.update']) {
        slack.failNext(method, 'ratelimited', { times: 1_000, retryAfterSeconds: 2 });
      }
      const id = runId('slack-outage');
      const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: outage }
spec:
  steps:
    - { id: one, run: ["true"] }
    - { id: two, run: ["true"] }
    - { id: three, run: ["true"] }
`);
      await startRunbookRun(temporal.client, {
        taskQueue: w.taskQueue,
        workflowId: id,
        input: runInput(definition, w.dir, {}, { kind: 'cli', actor: 'cli:alice' }),
      });
      notifier.follow(id, { channel: 'C0OPS' });
      const result = await temporal.client.workflow.getHandle(id).result();
      assert.equal(result.status, 'Succeeded');
      assert.equal(slack.messages.size, 0, 'Slack accepted nothing, yet the run is done');
      await eventually(
        () => logs.some((l) => /could not update the run message.*ratelimited/.test(l)),
        {
          what: 'the notifier to log the outage',
        },
      );
    } finally {
      await notifier.close();
      w.worker.shutdown();
      await running;
      await slack.close();
      await temporal.close();
    }
  });
});
