/**
 * The `voteVerificationKeys` activity: the vote public keys of the worker's
 * `RUNBOOK_VOTE_PUBLIC_KEYS`, so that the run records them in its history and verifies signed votes
 * with exactly those keys, on every worker and on replay. Only public keys: the signing key is a
 * setting of runbook server, never of a worker.
 */
import { ApplicationFailure } from '@temporalio/common';
import {
  parseVotePublicKeys,
  parseVoteSigningKey,
  toBase64Url,
  VOTE_PUBLIC_KEYS_SETTING,
  VOTE_SIGNING_KEY_SETTING,
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
  const keys = parseVotePublicKeys(setting);
  refusePrivateKey(keys, env[VOTE_SIGNING_KEY_SETTING]);
  return { keys };
}

/**
 * A private seed and a public key are both 32 bytes: nothing in the value tells them apart. When
 * the signing key is in this environment too, make sure it was not pasted as a public key, which
 * would put it into every run's history.
 */
function refusePrivateKey(keys: Readonly<Record<string, string>>, signing: string | undefined) {
  if (signing === undefined || signing.trim() === '') return;
  let seed: string;
  try {
    seed = toBase64Url(parseVoteSigningKey(signing).privateKey);
  } catch {
    return;
  }
  const leaked = Object.entries(keys).find(([, value]) => value === seed);
  if (leaked !== undefined) {
    throw new VoteKeySettingError(
      VOTE_PUBLIC_KEYS_SETTING,
      `holds the private signing key of ${VOTE_SIGNING_KEY_SETTING} as key "${leaked[0]}"; give workers the public key`,
    );
  }
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
