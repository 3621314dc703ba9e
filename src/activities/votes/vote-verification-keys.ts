/**
 * The `voteVerificationKeys` activity: the vote public keys of the worker's
 * `RUNBOOK_VOTE_PUBLIC_KEYS`, so that the run records them in its history and verifies signed votes
 * with exactly those keys, on every worker and on replay. Only public keys: the signing key is a
 * setting of runbook server, never of a worker.
 */
import { ApplicationFailure } from '@temporalio/common';
import {
  parseVotePublicKeys,
  VOTE_PUBLIC_KEYS_SETTING,
  VoteKeySettingError,
} from '../../runbook/votes/index.js';

/** What the run records: key id → base64url Ed25519 public key; empty when the worker has none. */
export interface VoteVerificationKeys {
  readonly keys: Readonly<Record<string, string>>;
}

/** Failure type of a `RUNBOOK_VOTE_PUBLIC_KEYS` the worker cannot read (not retried). */
export const VOTE_KEYS_INVALID = 'VoteKeysInvalid';

export type VoteVerificationKeysActivity = () => Promise<VoteVerificationKeys>;

/**
 * Reads the setting from `env`. Absent or blank: no keys (signed votes are then refused and
 * `verified: true` steps take no vote). Unreadable: a non-retryable `VoteKeysInvalid` naming the
 * setting; `runbook worker` refuses to start with such a setting, so this is a last line.
 */
export function readVoteVerificationKeys(env: NodeJS.ProcessEnv): VoteVerificationKeys {
  const setting = env[VOTE_PUBLIC_KEYS_SETTING];
  if (setting === undefined || setting.trim() === '') return { keys: {} };
  return { keys: parseVotePublicKeys(setting) };
}

export function createVoteVerificationKeys(deps: {
  readonly env: NodeJS.ProcessEnv;
}): VoteVerificationKeysActivity {
  return async () => {
    try {
      return readVoteVerificationKeys(deps.env);
    } catch (error) {
      if (error instanceof VoteKeySettingError) {
        throw ApplicationFailure.create({
          message: `the worker's ${error.message}`,
          type: VOTE_KEYS_INVALID,
          nonRetryable: true,
          cause: error,
        });
      }
      throw error;
    }
  };
}
