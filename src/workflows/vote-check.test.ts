import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signedVote, votePublicKey } from '../runbook/votes/index.js';
import { judgeSignature, SIGNED_VOTE_WINDOW_MS } from './vote-check.js';

const key = { keyId: 'k', privateKey: new Uint8Array(32).fill(5) };
const keys = { k: votePublicKey(key) };
const now = 1_760_000_000_000;
const step = { key: 'gate[1]', stepId: 'gate', verifiedOnly: false };
const vote = (at = now) =>
  signedVote(
    { runId: 'run-1', stepId: 'gate[1]', identity: 'slack:U1', decision: 'approve', at },
    key,
  );

describe('judgeSignature', () => {
  it('counts a signed vote for the step key as verified, and an unsigned one as unverified', () => {
    assert.deepEqual(judgeSignature(vote(), step, 'approve', { runId: 'run-1', now, keys }), {
      verified: true,
    });
    assert.deepEqual(
      judgeSignature({ approver: 'cli:bob' }, step, 'approve', { runId: 'run-1', now, keys }),
      { verified: false },
    );
  });

  it('refuses a vote signed for the step id where progress keys it gate[1], for another run, or at the window’s edge', () => {
    const forId = signedVote(
      { runId: 'run-1', stepId: 'gate', identity: 'slack:U1', decision: 'approve', at: now },
      key,
    );
    const check = { runId: 'run-1', now, keys };
    assert.ok(judgeSignature(forId, step, 'approve', check).refusal?.includes('does not verify'));
    assert.ok(
      judgeSignature(vote(), step, 'approve', { ...check, runId: 'run-2' }).refusal?.includes(
        'does not verify',
      ),
    );
    const edge = vote(now - SIGNED_VOTE_WINDOW_MS);
    assert.deepEqual(judgeSignature(edge, step, 'approve', check), { verified: true });
    const late = vote(now - SIGNED_VOTE_WINDOW_MS - 1);
    assert.match(judgeSignature(late, step, 'approve', check).refusal ?? '', /stale or replayed/);
    const { at: _at, ...undated } = vote();
    assert.match(
      judgeSignature(undated, step, 'approve', check).refusal ?? '',
      /must say when it was cast/,
    );
  });

  it('in a run from before the patch (no keys recorded) counts a signed vote as unverified', () => {
    assert.deepEqual(
      judgeSignature(vote(), step, 'approve', { runId: 'run-1', now, keys: undefined }),
      { verified: false },
    );
  });
});
