// `runbook audit` on the dev server: a run started from the CLI identity, approved by a signed
// Slack click (verified) and by `runbook approve` (self-asserted, unverified), and a run cancelled
// with `runbook cancel --as`, each read back from the histories with who and whether it is proven.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { parsePeople } from '../../src/runbook/people/index.js';
import { startRunbookRun } from '../../src/runs/start-run.js';
import { progressQuery } from '../../src/workflows/definitions.js';
import { runCli } from '../harness/cli.js';
import { useDevServer } from '../harness/dev-server.js';
import { eventually } from '../harness/eventually.js';
import { definitionFrom, runId, runInput } from '../harness/runs.js';
import { buttonValue, click, type SlackLive, startSlackLive } from '../harness/slack-live.js';
import { connectTo } from '../harness/worker.js';

const dev = useDevServer({ prefix: 'rr-audit-' });

const PEOPLE_YAML = `apiVersion: runbook-runner/v1
kind: People
people:
  alice: { cli: [alice], slack: [U0ALICE] }
  bob:   { slack: [U0BOB] }
  carol: { cli: [carol] }
  dave:  { cli: [dave] }
`;

const people = (() => {
  const parsed = parsePeople(PEOPLE_YAML, 'people.yaml');
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.directory;
})();

const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: audited }
spec:
  params:
    image: { type: string, default: "api:1.2" }
  steps:
    - id: gate
      uses: approval
      with:
        message: "Ship \${{ params.image }}?"
        approvers: { people: [alice, bob] }
        required: 2
    - id: ship
      run: [touch, shipped]
`);

describe('runbook audit', () => {
  let live: SlackLive;
  let temporal: Awaited<ReturnType<typeof connectTo>>;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    temporal = await connectTo(dev.address);
    live = await startSlackLive({ ...temporal, address: dev.address });
    env = { RUNBOOK_HOME: join(dev.dir, 'home'), TEMPORAL_ADDRESS: dev.address };
  });
  after(async () => {
    await live?.close();
    await temporal?.close();
  });

  async function start(): Promise<string> {
    const id = runId('audited');
    await startRunbookRun(temporal.client, {
      taskQueue: live.worker.taskQueue,
      workflowId: id,
      input: {
        ...runInput(definition, live.worker.dir, {}, { kind: 'cli', actor: 'cli:dave' }),
        people,
      },
      memo: { slack: { channel: 'C0OPS' } },
    });
    return id;
  }

  it('lists the start, a verified Slack vote, an unverified CLI vote and a cancel with their identities', async () => {
    const approved = await start();
    live.notifier.follow(approved, { channel: 'C0OPS' });
    const runMessage = await eventually(
      () =>
        [...live.slack.messages.values()].find(
          (m) => m.threadTs === undefined && m.text?.includes(approved) === true,
        ),
      { what: `the run message of ${approved}` },
    );
    const buttons = await eventually(
      () =>
        live.slack
          .replies('C0OPS', runMessage.ts)
          .find((m) => buttonValue(m.blocks, 'runbook_approve') !== undefined),
      { what: 'the approval buttons' },
    );
    const value = buttonValue(buttons.blocks, 'runbook_approve') as string;
    const clicked = await click(live, 'U0BOB', 'runbook_approve', value);
    assert.equal(clicked.status, 200);
    const handle = temporal.client.workflow.getHandle(approved);
    await eventually(
      async () => ((await handle.query(progressQuery)).steps[0]?.approvals?.length ?? 0) === 1,
      { what: "bob's Slack vote to count", timeoutMs: 60_000 },
    );
    const cliVote = await runCli(['approve', approved, '--as', 'alice'], env);
    assert.equal(cliVote.code, 0, cliVote.output);
    await handle.result();

    const cancelled = await start();
    const cancelHandle = temporal.client.workflow.getHandle(cancelled);
    await eventually(
      async () => (await cancelHandle.query(progressQuery)).status === 'WaitingApproval',
      { what: 'the second run to wait for approval', timeoutMs: 60_000 },
    );
    const cancel = await runCli(['cancel', cancelled, '--as', 'carol'], env);
    assert.equal(cancel.code, 0, cancel.output);
    await eventually(async () => (await cancelHandle.describe()).status.name !== 'RUNNING', {
      what: 'the cancelled run to end',
      timeoutMs: 60_000,
    });

    const audit = await runCli(['audit', '--runbook', 'audited', '--since', '1h'], env);
    assert.equal(audit.code, 0, audit.output);
    const records = audit.output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as AuditRecord);
    const pick = (r: AuditRecord) => [r.run, r.event, r.who, r.verified, r.via];
    assert.deepEqual(records.filter((r) => r.run === approved).map(pick), [
      [approved, 'start', 'cli:dave', false, 'cli'],
      [approved, 'vote', 'slack:U0BOB', true, 'slack'],
      [approved, 'vote', 'cli:alice', false, 'cli'],
    ]);
    assert.deepEqual(records.filter((r) => r.run === cancelled).map(pick), [
      [cancelled, 'start', 'cli:dave', false, 'cli'],
      [cancelled, 'cancel', 'cli:carol', false, 'cli'],
    ]);
    const slackVote = records.find((r) => r.who === 'slack:U0BOB');
    assert.deepEqual(slackVote?.detail, {
      step: 'gate',
      decision: 'approve',
      person: 'bob',
      channel: 'update',
    });
    const times = records.map((r) => r.time);
    assert.deepEqual(times, [...times].sort(), 'records are sorted by time');
    for (const record of records) assert.match(record.commit, /^uncommitted:/);
  });

  it('refuses a --since that is neither a duration nor an RFC 3339 time', async () => {
    const { code, output } = await runCli(['audit', '--since', 'yesterday'], env);
    assert.equal(code, 2, output);
    assert.match(output, /--since "yesterday" is neither a duration/);
  });
});
