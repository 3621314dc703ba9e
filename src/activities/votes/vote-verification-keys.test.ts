import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { votePublicKey } from '../../runbook/votes/index.js';
import { createWorkerActivities } from '../../worker/activities.js';
import {
  createVoteVerificationKeys,
  readVoteVerificationKeys,
  VOTE_KEYS_INVALID,
} from './vote-verification-keys.js';

const publicKey = votePublicKey({ keyId: 'a', privateKey: new Uint8Array(32).fill(3) });

describe('voteVerificationKeys', () => {
  it('returns the public keys of RUNBOOK_VOTE_PUBLIC_KEYS, and none when it is unset or blank', async () => {
    const activity = createVoteVerificationKeys({
      env: { RUNBOOK_VOTE_PUBLIC_KEYS: `a=${publicKey}`, RUNBOOK_VOTE_SIGNING_KEY: 'never-read' },
    });
    assert.deepEqual(await activity(), { keys: { a: publicKey } });
    assert.deepEqual(readVoteVerificationKeys({}), { keys: {} });
    assert.deepEqual(readVoteVerificationKeys({ RUNBOOK_VOTE_PUBLIC_KEYS: '  ' }), { keys: {} });
  });

  it('fails VoteKeysInvalid, not retried, naming the setting, when it cannot be read', async () => {
    const activity = createVoteVerificationKeys({ env: { RUNBOOK_VOTE_PUBLIC_KEYS: 'a=short' } });
    const error = await activity().then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ApplicationFailure);
    assert.equal(error.type, VOTE_KEYS_INVALID);
    assert.equal(error.nonRetryable, true);
    assert.match(
      error.message,
      /^the worker's RUNBOOK_VOTE_PUBLIC_KEYS has a public key for key "a"/,
    );
  });

  it('stops a worker with a malformed setting before it starts, with code RB7002', () => {
    assert.throws(
      () =>
        createWorkerActivities({
          logDir: '/nonexistent/logs',
          checkoutCacheDir: '/nonexistent/cache',
          env: { RUNBOOK_VOTE_PUBLIC_KEYS: 'no-equals-sign' },
        }),
      (e: unknown) => (e as { code?: string }).code === 'RB7002',
    );
  });
  it('refuses a private signing key pasted as a public key, so it never enters a history', () => {
    const seed = Buffer.alloc(32, 9).toString('base64');
    assert.throws(
      () =>
        readVoteVerificationKeys({
          RUNBOOK_VOTE_SIGNING_KEY: `s=${seed}`,
          RUNBOOK_VOTE_PUBLIC_KEYS: `a=${publicKey},s=${seed}`,
        }),
      /RUNBOOK_VOTE_PUBLIC_KEYS holds the private signing key of RUNBOOK_VOTE_SIGNING_KEY as key "s"/,
    );
  });
});
