// Verified votes (issue 11): a signed vote is checked in the approve/reject validators, against the
// public keys the run recorded from its worker. With `verified: true` a vote sent straight to
// Temporal is refused whatever identity it claims; a forged, altered, stale or replayed signed vote
// is refused on any step; and none of the refusals leaves a trace in history.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  ApplicationFailure,
  type WorkflowHandle,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { type PeopleDirectory, parsePeople } from '../../src/runbook/people/index.js';
import { signedVote, type VoteSigningKey, votePublicKey } from '../../src/runbook/votes/index.js';
import { approveUpdate, progressQuery, rejectUpdate } from '../../src/workflows/definitions.js';
import { runbookWorkflow } from '../../src/workflows/runbook-workflow.js';
import type { ApprovalDecision, RunTrigger, StepProgress } from '../../src/workflows/types.js';
import { eventually } from '../harness/eventually.js';
import { definitionFrom, historyText, rejectionOf, runId, runInput } from '../harness/runs.js';
import { useTimeSkippingEnv } from '../harness/time-skipping.js';
import { startTestWorker, type TestWorker } from '../harness/worker.js';

const temporal = useTimeSkippingEnv();

const server: VoteSigningKey = { keyId: 'srv-2025', privateKey: new Uint8Array(32).fill(11) };
/** A key runbook server does not have: what a forger would sign with. */
const forger: VoteSigningKey = { keyId: 'srv-2025', privateKey: new Uint8Array(32).fill(66) };
const workerEnv = { RUNBOOK_VOTE_PUBLIC_KEYS: `${server.keyId}=${votePublicKey(server)}` };

const people: PeopleDirectory = (() => {
  const parsed = parsePeople(
    `apiVersion: runbook-runner/v1
kind: People
people:
  alice: { cli: [alice], slack: [U0ALICE] }
  bob:   { cli: [bob], slack: [U0BOB] }
  carol: { cli: [carol], slack: [U0CAROL] }
groups:
  sre: [alice, bob, carol]
`,
    'people.yaml',
  );
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.directory;
})();
const byAlice: RunTrigger = { kind: 'slack', actor: 'slack:U0ALICE' };

function gated(withYaml: string) {
  return definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: verified-gate }
spec:
  steps:
    - id: gate
      uses: approval
      with: ${withYaml}
    - id: ship
      run: [touch, after-gate]
`);
}

async function start(h: TestWorker, prefix: string, withYaml: string) {
  const handle = await temporal.env.client.workflow.start(runbookWorkflow, {
    taskQueue: h.taskQueue,
    workflowId: runId(prefix),
    args: [{ ...runInput(gated(withYaml), h.dir, {}, byAlice), people }],
  });
  const gate = await eventually(
    async () => {
      const progress = await handle.query(progressQuery);
      return progress.status === 'WaitingApproval' && progress.steps.find((s) => s.id === 'gate');
    },
    { what: 'the run to wait for approval' },
  );
  return { handle, gate: gate as StepProgress };
}

/** A vote as runbook server forwards it: signed over run, step, identity, decision and time. */
function signed(
  handle: WorkflowHandle,
  approver: string,
  at: number,
  options: { key?: VoteSigningKey; decision?: 'approve' | 'reject'; reason?: string } = {},
): ApprovalDecision {
  const decision = options.decision ?? 'approve';
  const claim = { runId: handle.workflowId, stepId: 'gate', identity: approver, decision, at };
  return signedVote(claim, options.key ?? server, options.reason);
}

async function refused(
  handle: WorkflowHandle,
  decision: ApprovalDecision,
  kind: 'approve' | 'reject' = 'approve',
): Promise<string> {
  const update = kind === 'approve' ? approveUpdate : rejectUpdate;
  const error = await rejectionOf(handle.executeUpdate(update, { args: [decision] }));
  assert.ok(error instanceof WorkflowUpdateFailedError, String(error));
  assert.ok(error.cause instanceof ApplicationFailure, String(error.cause));
  assert.equal(error.cause.type, 'ApprovalRefused');
  return error.cause.message;
}

async function acceptedUpdates(handle: WorkflowHandle): Promise<{ count: number; text: string }> {
  const history = await handle.fetchHistory();
  const count = (history.events ?? []).filter(
    (e) => e.workflowExecutionUpdateAcceptedEventAttributes != null,
  ).length;
  return { count, text: historyText(history) };
}

test('with verified: true, a vote sent straight to Temporal claiming a Slack identity is refused unsigned, forged or altered, and leaves nothing in history', async () => {
  const h = await startTestWorker(temporal.env, { env: workerEnv });
  await h.worker.runUntil(async () => {
    const { handle, gate } = await start(
      h,
      'verified-direct',
      '{ message: ship it?, approvers: { groups: [sre] }, verified: true, escalateAfter: { after: 30m, channel: "#ops-escalations", mention: "@oncall" } }',
    );
    assert.deepEqual(
      { ...gate.approval, waitingSince: 0 },
      {
        message: 'ship it?',
        required: 1,
        approvers: { people: [], groups: ['sre'] },
        allowSelfApproval: false,
        verified: true,
        waitingSince: 0,
        escalateAfterMs: 30 * 60 * 1000,
        escalateChannel: '#ops-escalations',
        escalateMention: '@oncall',
        onTimeout: 'reject',
      },
    );
    const now = await temporal.env.currentTimeMs();
    assert.equal(
      await refused(handle, { approver: 'slack:U0CAROL', reason: 'unsigned-marker' }),
      'step "gate" requires a vote verified by runbook server (Slack/GitHub); a vote sent straight to Temporal is refused, whatever identity it claims (slack:U0CAROL): vote from Slack or GitHub instead',
    );
    assert.match(
      await refused(
        handle,
        signed(handle, 'slack:U0CAROL', now, { key: forger, reason: 'forged-marker' }),
      ),
      /^the vote's signature does not verify for approve of step "gate" of run verified-direct-.* by slack:U0CAROL \(key "srv-2025"; the run knows srv-2025\): it was altered or not signed by runbook server, and is refused$/,
    );
    // A genuine signature for carol, replayed under bob's identity.
    const carols = signed(handle, 'slack:U0CAROL', now, { reason: 'altered-marker' });
    assert.match(
      await refused(handle, { ...carols, approver: 'slack:U0BOB', reason: 'bob-marker' }),
      /does not verify/,
    );
    // The same signature as a rejection instead of an approval.
    assert.match(await refused(handle, carols, 'reject'), /does not verify for reject/);
    assert.match(await refused(handle, { ...carols, at: now + 1 }), /does not verify/);

    const before = await acceptedUpdates(handle);
    assert.equal(before.count, 0, 'a refused vote was accepted into history');
    for (const marker of ['unsigned-marker', 'forged-marker', 'altered-marker', 'bob-marker']) {
      assert.ok(!before.text.includes(marker), `the refused vote (${marker}) reached history`);
    }
    assert.ok(!existsSync(join(h.dir, 'after-gate')));

    const progress = await handle.executeUpdate(approveUpdate, { args: [carols] });
    const votes = progress.steps.find((s) => s.id === 'gate')?.approvals;
    assert.deepEqual(
      votes?.map((v) => [v.by, v.identity, v.verified, v.reason]),
      [['carol', 'slack:U0CAROL', true, 'altered-marker']],
    );
    const result = await handle.result();
    assert.equal(result.status, 'Succeeded');
    assert.ok(existsSync(join(h.dir, 'after-gate')));
    const after = await acceptedUpdates(handle);
    assert.equal(after.count, 1);
    // The recorded keys are the public ones only.
    assert.ok(after.text.includes(votePublicKey(server)), 'the public key is not in history');
  });
});

test('a signed vote is refused when replayed: a second time by the same person, or after 5 minutes of workflow time', async () => {
  const h = await startTestWorker(temporal.env, { env: workerEnv });
  await h.worker.runUntil(async () => {
    const { handle } = await start(
      h,
      'verified-replay',
      '{ message: ship it?, approvers: { groups: [sre] }, required: 2, verified: true }',
    );
    const castAt = await temporal.env.currentTimeMs();
    const carols = signed(handle, 'slack:U0CAROL', castAt);
    const bobs = signed(handle, 'slack:U0BOB', castAt);
    await handle.executeUpdate(approveUpdate, { args: [carols] });
    assert.equal(
      await refused(handle, carols),
      'carol already approved step "gate"; it needs 2 different approvers',
    );
    await temporal.env.sleep('6 minutes');
    assert.match(
      await refused(handle, bobs),
      /^the signed vote was cast at .*, more than 5 minutes from the run's time .*; a stale or replayed vote is refused: vote again$/,
    );
    const future = (await temporal.env.currentTimeMs()) + 6 * 60 * 1000;
    assert.match(
      await refused(handle, signed(handle, 'slack:U0BOB', future)),
      /more than 5 minutes/,
    );
    assert.equal((await acceptedUpdates(handle)).count, 1);

    await handle.executeUpdate(approveUpdate, {
      args: [signed(handle, 'slack:U0BOB', await temporal.env.currentTimeMs())],
    });
    const result = await handle.result();
    assert.equal(result.status, 'Succeeded');
    assert.deepEqual(result.outputs.gate?.approvedBy, ['carol', 'bob']);
  });
});

test('without verified:, a CLI vote counts as unverified, while a bad signature is refused all the same', async () => {
  const h = await startTestWorker(temporal.env, { env: workerEnv });
  await h.worker.runUntil(async () => {
    const { handle } = await start(h, 'unverified-cli', '{ message: ship it?, required: 2 }');
    const now = await temporal.env.currentTimeMs();
    assert.match(
      await refused(handle, signed(handle, 'slack:U0CAROL', now, { key: forger })),
      /does not verify/,
    );
    await handle.executeUpdate(approveUpdate, { args: [{ approver: 'cli:bob' }] });
    await handle.executeUpdate(approveUpdate, { args: [signed(handle, 'slack:U0CAROL', now)] });
    const result = await handle.result();
    assert.equal(result.status, 'Succeeded');
    assert.deepEqual(
      result.progress.steps.find((s) => s.id === 'gate')?.approvals?.map((v) => [v.by, v.verified]),
      [
        ['bob', false],
        ['carol', true],
      ],
    );
  });
});

test('a worker without RUNBOOK_VOTE_PUBLIC_KEYS records no keys: signed votes are refused, naming the setting', async () => {
  const h = await startTestWorker(temporal.env, { env: { RUNBOOK_VOTE_PUBLIC_KEYS: '' } });
  await h.worker.runUntil(async () => {
    const { handle } = await start(h, 'no-keys', '{ message: ship it?, verified: true }');
    const now = await temporal.env.currentTimeMs();
    assert.match(
      await refused(handle, signed(handle, 'slack:U0CAROL', now)),
      /^the vote is signed with key "srv-2025", but the worker recorded no vote public keys with this run; set RUNBOOK_VOTE_PUBLIC_KEYS on the workers/,
    );
    assert.match(await refused(handle, { approver: 'cli:carol' }), /requires a vote verified/);
    await handle.terminate('test over');
  });
});
