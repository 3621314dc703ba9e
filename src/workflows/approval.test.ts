import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_PEOPLE, type PeopleDirectory } from '../runbook/people/model.js';
import { signedVote, votePublicKey } from '../runbook/votes/index.js';
import {
  type PendingApproval,
  readApprovalSpec,
  refuseVote,
  type VoteContext,
} from './approval.js';
import type { ApprovalDecision } from './types.js';

const key = { keyId: 'k', privateKey: new Uint8Array(32).fill(3) };
const now = 1_760_000_000_000;
const people: PeopleDirectory = {
  ...EMPTY_PEOPLE,
  file: 'people.yaml',
  people: { alice: { cli: ['alice'], slack: ['U0ALICE'], github: [] } },
};
const run: VoteContext = {
  starter: 'cli:alice',
  people,
  verification: { runId: 'run-1', now, keys: { k: votePublicKey(key) } },
};

function pending(approvers: Record<string, string[]>): PendingApproval[] {
  return [
    {
      key: 'gate',
      stepId: 'gate',
      spec: readApprovalSpec({ message: 'go?', approvers }, undefined),
      approvals: [],
    },
  ];
}

const signedBy = (identity: string, groups?: string[]): ApprovalDecision =>
  signedVote(
    {
      runId: 'run-1',
      stepId: 'gate',
      identity,
      decision: 'approve',
      at: now,
      ...(groups === undefined ? {} : { groups }),
    },
    key,
  );

describe('refuseVote with approvers.slackUserGroups', () => {
  const onCall = pending({ slackUserGroups: ['S0ONCALL'] });

  it('admits a voter whose membership of a step group runbook server signed', () => {
    assert.equal(
      refuseVote(onCall, signedBy('slack:U0ERIN', ['S0ONCALL']), run, 'approve'),
      undefined,
    );
  });

  it('refuses a membership the vote claims without a signature, naming why', () => {
    const claimed: ApprovalDecision = {
      stepId: 'gate',
      approver: 'slack:U0ERIN',
      slackUserGroups: ['S0ONCALL'],
    };
    const refusal = refuseVote(onCall, claimed, run, 'approve');
    assert.match(
      refusal ?? '',
      /may not decide step "gate"; allowed: Slack user group <!subteam\^S0ONCALL>/,
    );
    assert.match(refusal ?? '', /counts only in a vote signed by runbook server/);
  });

  it('refuses a signed vote with no membership, or a membership of another group', () => {
    assert.match(
      refuseVote(onCall, signedBy('slack:U0MALLORY', []), run, 'approve') ?? '',
      /may not decide/,
    );
    assert.match(
      refuseVote(onCall, signedBy('slack:U0MALLORY'), run, 'approve') ?? '',
      /may not decide/,
    );
    assert.match(
      refuseVote(onCall, signedBy('slack:U0MALLORY', ['S0ADMINS']), run, 'approve') ?? '',
      /may not decide/,
    );
  });

  it('refuses groups added to a signed vote after signing', () => {
    const tampered = { ...signedBy('slack:U0MALLORY'), slackUserGroups: ['S0ONCALL'] };
    assert.match(refuseVote(onCall, tampered, run, 'approve') ?? '', /does not verify/);
  });

  it('still admits people of people.yaml beside the group, and still forbids self-approval', () => {
    const mixed = pending({ people: ['alice'], slackUserGroups: ['S0ONCALL'] });
    assert.equal(
      refuseVote(mixed, signedBy('slack:U0ALICE'), { ...run, starter: 'cli:bob' }, 'approve'),
      undefined,
    );
    assert.match(
      refuseVote(onCall, signedBy('slack:U0ALICE', ['S0ONCALL']), run, 'approve') ?? '',
      /forbids self-approval/,
    );
  });
});
