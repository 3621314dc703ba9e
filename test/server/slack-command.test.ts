// `/runbook` end to end on the dev server: signed requests from a fake Slack reach the real
// server, which starts pinned runs a test worker executes; everything refused starts nothing.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@temporalio/client';
import { createSlackIntegration } from '../../src/server/slack/integration.js';
import { slackRunId } from '../../src/server/slack/run-ids.js';
import { localCatalog } from '../../src/source/catalog.js';
import { RunbookCommitKey, TriggeredByKey } from '../../src/workflows/search-attributes.js';
import { type DevServerFixture, startDevServerFixture } from '../harness/dev-server.js';
import { eventually } from '../harness/eventually.js';
import {
  type FakeSlack,
  interactionBody,
  signSlackRequest,
  slashCommandBody,
  startFakeSlack,
} from '../harness/fake-slack.js';
import { commitRepo } from '../harness/git-repo.js';
import { startTestServer, type TestServer } from '../harness/server.js';
import { connectTo, startTestWorker, type TestWorker } from '../harness/worker.js';

const SECRET = 'current-signing-secret';
const OLD_SECRET = 'old-signing-secret';
const TYPED_SECRET = 'hunter2-do-not-echo';

const RUNBOOKS = {
  'runbooks/people.yaml': `apiVersion: runbook-runner/v1
kind: People
people:
  alice: { slack: [U0ALICE] }
  carol: { slack: [U0CAROL] }
`,
  'runbooks/hello.yaml': `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: hello, description: Says hello }
spec:
  params:
    who: { type: string, default: world }
  steps:
    - id: greet
      run: [echo, "hello \${{ params.who }}"]
`,
  'runbooks/deploy.yaml': `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: deploy, description: Deploys a service }
spec:
  params:
    env: { type: string, enum: [staging, prod] }
    replicas: { type: integer }
    dryRun: { type: boolean, default: false }
    wait: { type: duration, default: 30s }
    token: { type: secret }
  steps:
    - id: show
      run: [echo, "\${{ params.env }}"]
`,
  'runbooks/guarded.yaml': `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: guarded, description: "Only alice, only in ops" }
spec:
  access: { people: [alice], channels: [C0OPS] }
  steps:
    - id: one
      run: [echo, hi]
`,
  'runbooks/oncall.yaml': `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: oncall, description: The on-call group only }
spec:
  access: { slackUserGroups: [S0ONCALL] }
  steps:
    - id: one
      run: [echo, hi]
`,
};

let temporal: DevServerFixture;
let access: Awaited<ReturnType<typeof connectTo>>;
let client: Client;
let slack: FakeSlack;
let worker: TestWorker;
let running: Promise<void>;
let server: TestServer;
let repo: string;
let head: string;
let env: NodeJS.ProcessEnv;
let counter = 0;

before(async () => {
  temporal = await startDevServerFixture({ prefix: 'rr-slack-' });
  access = await connectTo(temporal.address);
  client = access.client;
  slack = await startFakeSlack();
  repo = commitRepo(mkdtempSync(join(tmpdir(), 'rr-slack-repo-')), RUNBOOKS);
  head = execFileSync('git', ['-C', repo, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  worker = await startTestWorker(access);
  running = worker.worker.run();
  env = {
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_SIGNING_SECRET_OLD: OLD_SECRET,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: slack.apiUrl,
    TEMPORAL_WEB_URL: 'http://ui.example.test',
  };
  server = await startServer();
});

after(async () => {
  await server?.close();
  worker?.worker.shutdown();
  await running;
  await slack?.close();
  await access?.close();
  await temporal?.stop();
});

function startServer(): Promise<TestServer> {
  return startTestServer({
    client,
    address: temporal.address,
    taskQueue: worker.taskQueue,
    integrations: [createSlackIntegration([])],
    catalog: localCatalog(repo),
    env,
  });
}

interface Sent {
  readonly status: number;
  readonly text: string;
  readonly responseUrl: string;
  readonly triggerId: string;
  readonly body: string;
}

async function post(
  path: string,
  body: string,
  options: { secret?: string; ts?: number; headers?: Record<string, string>; to?: TestServer } = {},
) {
  const headers = {
    ...signSlackRequest(options.secret ?? SECRET, body, options.ts),
    ...options.headers,
  };
  const answer = await fetch(`${(options.to ?? server).url}${path}`, {
    method: 'POST',
    headers,
    body,
  });
  return { status: answer.status, text: await answer.text() };
}

async function command(
  text: string,
  options: { user?: string; channel?: string; secret?: string; ts?: number } = {},
): Promise<Sent> {
  const responseUrl = slack.newResponseUrl();
  counter += 1;
  const triggerId = `13345224609.738474920.${counter}${Date.now()}`;
  const body = slashCommandBody({
    text,
    userId: options.user ?? 'U0ALICE',
    channelId: options.channel ?? 'C0OPS',
    responseUrl,
    triggerId,
  });
  const { status, text: answer } = await post('/slack/commands', body, options);
  return { status, text: answer, responseUrl, triggerId, body };
}

async function responseTo(sent: Sent): Promise<string> {
  const body = await eventually(() => slack.responses.get(sent.responseUrl)?.[0], {
    what: `a reply to ${sent.responseUrl}`,
  });
  return (body as { text: string }).text;
}

async function exists(runId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(runId).describe();
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'WorkflowNotFoundError') return false;
    throw error;
  }
}

/** Nothing started: no run under the command's derived id, and no reply after a while. */
async function assertNothingStarted(sent: Sent, name: string) {
  await server.background.drain(5_000);
  assert.equal(await exists(slackRunId(name, sent.triggerId)), false, 'no run was started');
}

describe('slash command', () => {
  it('a signed /runbook run starts a run pinned to the commit, started by slack:<user>', async () => {
    const sent = await command('run hello who="the team"');
    assert.equal(sent.status, 200);
    const reply = await responseTo(sent);
    const runId = slackRunId('hello', sent.triggerId);
    assert.match(
      reply,
      new RegExp(`Started \\*hello\\* @ \`${head.slice(0, 12)}\` — run id \`${runId}\``),
    );
    assert.match(
      reply,
      /<http:\/\/ui\.example\.test\/namespaces\/default\/workflows\/hello-slack-[0-9a-f]+\|Web UI>/,
    );
    const handle = client.workflow.getHandle(runId);
    const result = (await handle.result()) as { status: string };
    assert.equal(result.status, 'Succeeded');
    const description = await handle.describe();
    assert.equal(description.typedSearchAttributes.get(TriggeredByKey), 'slack:U0ALICE');
    assert.equal(description.typedSearchAttributes.get(RunbookCommitKey), head);
  });

  it('a request signed with the old secret is accepted during a rotation', async () => {
    const sent = await command('run hello', { secret: OLD_SECRET });
    assert.equal(sent.status, 200);
    assert.match(await responseTo(sent), /Started \*hello\*/);
  });

  it('a request signed with an unknown secret is refused with 401 and starts nothing', async () => {
    const sent = await command('run hello', { secret: 'someone-elses-secret' });
    assert.equal(sent.status, 401);
    assert.match(sent.text, /does not match any configured signing secret/);
    await assertNothingStarted(sent, 'hello');
    assert.equal(slack.responses.has(sent.responseUrl), false);
  });

  it('a bad signature is refused with 401 and starts nothing', async () => {
    const responseUrl = slack.newResponseUrl();
    const body = slashCommandBody({
      text: 'run hello',
      userId: 'U0ALICE',
      responseUrl,
      triggerId: 'bad.sig.1',
    });
    const headers = {
      ...signSlackRequest(SECRET, body),
      'x-slack-signature': `v0=${'0'.repeat(64)}`,
    };
    const answer = await fetch(`${server.url}/slack/commands`, { method: 'POST', headers, body });
    assert.equal(answer.status, 401);
    await server.background.drain(5_000);
    assert.equal(await exists(slackRunId('hello', 'bad.sig.1')), false);
  });

  it('a timestamp older than 5 minutes is refused with 401 and starts nothing', async () => {
    const sent = await command('run hello', { ts: Math.floor(Date.now() / 1000) - 301 });
    assert.equal(sent.status, 401);
    assert.match(sent.text, /in the past, outside the 300 s window/);
    await assertNothingStarted(sent, 'hello');
  });

  it('a replayed identical request is refused and acts once', async () => {
    const sent = await command('run hello');
    assert.equal(sent.status, 200);
    await responseTo(sent);
    const ts = Math.floor(Date.now() / 1000);
    // Byte for byte again: same body, same timestamp, same signature.
    const first = signSlackRequest(SECRET, sent.body, ts);
    const replay = await fetch(`${server.url}/slack/commands`, {
      method: 'POST',
      headers: first,
      body: sent.body,
    });
    assert.equal(replay.status, 401);
    assert.match(await replay.text(), /a replay of a request already handled/);
    await server.background.drain(5_000);
    assert.equal(slack.responses.get(sent.responseUrl)?.length, 1, 'one reply only');
  });

  it('a Slack retry (X-Slack-Retry-Num) of a handled request is acknowledged and acts once', async () => {
    const sent = await command('run hello');
    await responseTo(sent);
    const retry = await post('/slack/commands', sent.body, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    assert.equal(retry.status, 200);
    await server.background.drain(5_000);
    assert.equal(slack.responses.get(sent.responseUrl)?.length, 1, 'one reply only');
  });

  it('a second replica given the same command starts nothing: the workflow id is the trigger id', async () => {
    const sent = await command('run hello');
    assert.match(await responseTo(sent), /Started/);
    const replica = await startServer();
    try {
      const again = await post('/slack/commands', sent.body, { to: replica });
      assert.equal(again.status, 200);
      await eventually(() => (slack.responses.get(sent.responseUrl)?.length ?? 0) >= 2, {
        what: 'the replica’s reply',
      });
      const second = slack.responses.get(sent.responseUrl)?.[1] as { text: string };
      assert.match(
        second.text,
        /already started run `hello-slack-[0-9a-f]+`; nothing new was started \[RB7030\]/,
      );
    } finally {
      await replica.close();
    }
  });

  it('a user outside spec.access is refused, ephemerally, and nothing starts', async () => {
    const sent = await command('run guarded', { user: 'U0CAROL' });
    const text = await responseTo(sent);
    assert.match(
      text,
      /slack:U0CAROL \(carol\) may not start runbook "guarded"; spec\.access allows: alice; nothing was started \[RB7023\]/,
    );
    assert.equal(
      (slack.responses.get(sent.responseUrl)?.[0] as { response_type?: string } | undefined)
        ?.response_type,
      'ephemeral',
    );
    await assertNothingStarted(sent, 'guarded');
  });

  it('a command from a channel outside spec.access.channels is refused and nothing starts', async () => {
    const sent = await command('run guarded', { user: 'U0ALICE', channel: 'C0RANDOM' });
    assert.match(
      await responseTo(sent),
      /may not be started from this channel; spec\.access\.channels allows: <#C0OPS>.*\[RB7024\]/,
    );
    await assertNothingStarted(sent, 'guarded');
  });

  it('Slack user groups are asked of Slack; a failed lookup refuses', async () => {
    slack.setUserGroup('S0ONCALL', ['U0DAVE']);
    const member = await command('run oncall', { user: 'U0DAVE' });
    assert.match(await responseTo(member), /Started \*oncall\*/);
    const outsider = await command('run oncall', { user: 'U0EVE' });
    assert.match(await responseTo(outsider), /may not start runbook "oncall"/);
    slack.failNext('usergroups.users.list', 'internal_error', { times: 5 });
    // A fresh server: no cached membership.
    const fresh = await startServer();
    try {
      const responseUrl = slack.newResponseUrl();
      const body = slashCommandBody({
        text: 'run oncall',
        userId: 'U0DAVE',
        channelId: 'C0OPS',
        responseUrl,
        triggerId: 'group.fail.1',
      });
      assert.equal((await post('/slack/commands', body, { to: fresh })).status, 200);
      const reply = await eventually(() => slack.responses.get(responseUrl)?.[0], {
        what: 'the refusal',
      });
      assert.match(
        (reply as { text: string }).text,
        /could not read the members of Slack user group S0ONCALL: internal_error; nothing was started .*\[RB7025\]/,
      );
      await fresh.background.drain(5_000);
      assert.equal(await exists(slackRunId('oncall', 'group.fail.1')), false);
    } finally {
      await fresh.close();
    }
  });

  it('an unknown runbook gets the closest names', async () => {
    const sent = await command('run helo');
    assert.match(
      await responseTo(sent),
      /No runbook "helo" at `[0-9a-f]{12}`; did you mean `hello`\? .*\[RB7022\]/,
    );
  });

  it('list shows the runbooks this user may start here, with descriptions; help and status answer', async () => {
    const list = await command('list', { user: 'U0CAROL' });
    const text = await responseTo(list);
    assert.match(text, /\*hello\* — Says hello/);
    assert.match(text, /\*deploy\* — Deploys a service/);
    assert.doesNotMatch(text, /guarded/);
    assert.match(await responseTo(await command('help')), /\/runbook run <name> key=value…/);
    const started = await command('run hello');
    await responseTo(started);
    const runId = slackRunId('hello', started.triggerId);
    await client.workflow.getHandle(runId).result();
    const status = await responseTo(await command(`status ${runId}`));
    assert.match(
      status,
      new RegExp(`hello · run ${runId} · ${head.slice(0, 12)} · by slack:U0ALICE · Succeeded`),
    );
    assert.match(status, /✔ greet {2}Succeeded/);
    assert.match(
      await responseTo(await command('status no-such-run')),
      /No run with id `no-such-run` \[RB7031\]/,
    );
  });
});

describe('param modal', () => {
  async function openedModal(sent: Sent) {
    const call = await eventually(
      () => slack.callsTo('views.open').find((c) => c.args.trigger_id === sent.triggerId),
      { what: 'views.open' },
    );
    return call.args.view as {
      private_metadata: string;
      callback_id: string;
      blocks: Array<{
        type: string;
        block_id?: string;
        element?: Record<string, unknown>;
        hint?: { text: string };
      }>;
    };
  }

  function submission(
    view: { private_metadata: string; callback_id: string; blocks: unknown[] },
    values: Record<string, unknown>,
    user = 'U0ALICE',
  ) {
    return interactionBody({
      type: 'view_submission',
      team: { id: 'T0001', domain: 'example' },
      user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T0001' },
      api_app_id: 'A123456',
      token: 'gIkuvaNzQIHg97ATvDxqgjtO',
      trigger_id: `12345.98765.${Date.now()}${counter++}`,
      view: {
        id: 'V00000001',
        team_id: 'T0001',
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        blocks: view.blocks,
        state: { values },
        hash: 'h1',
      },
    });
  }

  const field = (value: Record<string, unknown>) => ({ value });

  it('missing params open a modal generated from the param schema, prefilled, the secret never', async () => {
    const sent = await command(`run deploy env=prod replicas=many token=${TYPED_SECRET}`);
    assert.equal(sent.status, 200);
    const view = await openedModal(sent);
    const elements = Object.fromEntries(
      view.blocks.filter((b) => b.type === 'input').map((b) => [b.block_id, b.element]),
    );
    assert.equal(elements['param:env']?.type, 'static_select');
    assert.deepEqual(elements['param:env']?.initial_option, {
      text: { type: 'plain_text', text: 'prod' },
      value: 'prod',
    });
    assert.equal(elements['param:replicas']?.type, 'number_input');
    assert.equal(elements['param:dryRun']?.type, 'checkboxes');
    assert.equal(elements['param:wait']?.type, 'plain_text_input');
    assert.match(
      view.blocks.find((b) => b.block_id === 'param:wait')?.hint?.text ?? '',
      /a duration such as "30s"/,
    );
    assert.equal(elements['param:token']?.type, 'plain_text_input');
    assert.equal(elements['param:token']?.initial_value, undefined);
    assert.match(JSON.stringify(view.blocks[0]), /param \\"replicas\\" must be an integer/);
    assert.equal(await exists(slackRunId('deploy', sent.triggerId)), false, 'nothing started yet');

    // A bad value answers errors per block; a secret typed wrong is never quoted back.
    const bad = await post(
      '/slack/interactions',
      submission(view, {
        'param:env': { value: { type: 'static_select', selected_option: { value: 'prod' } } },
        'param:replicas': field({ type: 'number_input', value: 'x3' }),
        'param:token': field({ type: 'plain_text_input', value: TYPED_SECRET }),
      }),
    );
    assert.equal(bad.status, 200);
    const errors = JSON.parse(bad.text) as {
      response_action: string;
      errors: Record<string, string>;
    };
    assert.equal(errors.response_action, 'errors');
    assert.match(errors.errors['param:replicas'] ?? '', /must be an integer/);
    assert.match(
      errors.errors['param:token'] ?? '',
      /must be a secret reference "env:NAME" or "file:\/path"/,
    );
    assert.doesNotMatch(bad.text, new RegExp(TYPED_SECRET));

    // A good one closes the modal and starts the run under the command's id.
    const good = await post(
      '/slack/interactions',
      submission(view, {
        'param:env': { value: { type: 'static_select', selected_option: { value: 'staging' } } },
        'param:replicas': field({ type: 'number_input', value: '3' }),
        'param:dryRun': { value: { type: 'checkboxes', selected_options: [{ value: 'true' }] } },
        'param:token': field({ type: 'plain_text_input', value: 'env:DEPLOY_TOKEN' }),
      }),
    );
    assert.equal(good.status, 200);
    assert.equal(good.text, '');
    const runId = slackRunId('deploy', sent.triggerId);
    const ack = await eventually(
      () => slack.callsTo('chat.postEphemeral').find((c) => String(c.args.text).includes(runId)),
      { what: 'the ephemeral acknowledgement' },
    );
    const handle = client.workflow.getHandle(runId);
    assert.equal(((await handle.result()) as { status: string }).status, 'Succeeded');
    const history = await handle.fetchHistory();
    const input = JSON.stringify(
      history.events?.[0]?.workflowExecutionStartedEventAttributes?.input,
    );
    assert.equal(input.includes(TYPED_SECRET), false);
    assert.equal(ack.args.user, 'U0ALICE');
    assert.equal(ack.args.channel, 'C0OPS');
    // The typed secret reached no Slack call and no reply.
    assert.equal(JSON.stringify(slack.calls).includes(TYPED_SECRET), false);
    assert.equal(JSON.stringify([...slack.responses.values()]).includes(TYPED_SECRET), false);
  });

  it('a submission whose private_metadata was tampered with, or from another user, starts nothing', async () => {
    const sent = await command('run deploy');
    const view = await openedModal(sent);
    const values = {
      'param:env': { value: { type: 'static_select', selected_option: { value: 'staging' } } },
      'param:replicas': field({ type: 'number_input', value: '1' }),
      'param:token': field({ type: 'plain_text_input', value: 'env:T' }),
    };
    const [payload, mac] = view.private_metadata.split('.');
    const forged = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<
      string,
      string
    >;
    forged.name = 'guarded';
    const tampered = {
      ...view,
      private_metadata: `${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${mac}`,
    };
    const answer = await post('/slack/interactions', submission(tampered, values));
    assert.match(answer.text, /This form was not opened by this server for you.*\[RB7027\]/);
    const stranger = await post('/slack/interactions', submission(view, values, 'U0CAROL'));
    assert.match(stranger.text, /\[RB7027\]/);
    await assertNothingStarted(sent, 'deploy');
  });
});
