import { patched, proxyActivities } from '@temporalio/workflow';
import type { VoteActivities } from './activity-types.js';
import { VOTE_KEYS_ACTIVITY_OPTIONS, VOTE_KEYS_RECORDED } from './policies.js';
import type { RunContext } from './run-context.js';

/**
 * Records the vote public keys with the run, once, when it reaches its first approval step: the
 * `voteVerificationKeys` activity reads the worker's `RUNBOOK_VOTE_PUBLIC_KEYS` and its result
 * enters history, so every later check (on any worker, on replay) uses the same keys. Parallel
 * approval steps share the one call.
 *
 * Runs started before patch `vote-keys-recorded` call no activity here and keep no keys: they
 * count every vote as unverified, as they did.
 */
export function recordVoteKeys(run: RunContext): Promise<void> {
  run.voteKeysRecorded ??= (async () => {
    if (!patched(VOTE_KEYS_RECORDED)) return;
    const { voteVerificationKeys } = proxyActivities<VoteActivities>(VOTE_KEYS_ACTIVITY_OPTIONS);
    const { keys } = await voteVerificationKeys();
    run.voteKeys = keys;
  })();
  return run.voteKeysRecorded;
}
