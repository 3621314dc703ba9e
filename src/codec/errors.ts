// The errors of payload encryption (RB9000–RB9009). Each says what is wrong, which setting or key
// id it concerns, and what to do; they are listed in docs/errors.md.
import { RunbookError } from '../runbook/errors.js';

/** The setting that holds the codec's keys. */
export const CODEC_KEYS_SETTING = 'RUNBOOK_CODEC_KEYS';

/**
 * Thrown when `RUNBOOK_CODEC_KEYS` cannot be read: set but empty, an entry that is not
 * `<id>=<base64>`, a key that is not base64 of exactly 32 bytes, an id listed twice. Nothing is
 * encrypted or decrypted with a half-read key list. The message never quotes a key's value.
 */
export class CodecKeysError extends RunbookError {
  readonly code = 'RB9000';
  readonly kind = 'environment';
  constructor(
    readonly problem: string,
    /** Which entry (1-based) of the comma-separated list, when one is at fault. */
    readonly entry?: number,
  ) {
    super(
      `${CODEC_KEYS_SETTING}${entry === undefined ? '' : ` entry ${entry}`}: ${problem}. Write it as <id>=<base64 of 32 random bytes>[,<id>=<key>…] (the first key encrypts, every key decrypts), e.g. ${CODEC_KEYS_SETTING}=k1=$(openssl rand -base64 32); see docs/encryption.md`,
    );
  }
}

/**
 * Thrown when a payload was encrypted with a key whose id is not in `RUNBOOK_CODEC_KEYS` (a key
 * dropped too early after a rotation, or a process that runs with another key list).
 */
export class CodecKeyMissingError extends RunbookError {
  readonly code = 'RB9001';
  readonly kind = 'environment';
  constructor(
    readonly keyId: string,
    readonly knownKeyIds: readonly string[],
  ) {
    super(
      `a payload is encrypted with key "${keyId}", which is not in ${CODEC_KEYS_SETTING} (it has ${knownKeyIds.map((id) => `"${id}"`).join(', ')}). Add ${keyId}=<its base64 key> to ${CODEC_KEYS_SETTING} after the key that encrypts, in every worker, the CLI and runbook server; see docs/encryption.md#rotating-keys`,
    );
  }
}

/**
 * Thrown when an encrypted payload cannot be decrypted with the key its metadata names: it was
 * altered (the AES-GCM tag does not verify), truncated, or the key under that id is not the one
 * that encrypted it. Nothing of it is returned.
 */
export class CodecPayloadError extends RunbookError {
  readonly code = 'RB9002';
  readonly kind = 'environment';
  constructor(
    readonly keyId: string | undefined,
    problem: string,
    options?: { readonly cause?: unknown },
  ) {
    super(
      `an encrypted payload${keyId === undefined ? '' : ` (key "${keyId}")`} was refused: ${problem}. Either it was altered after it was written, or ${keyId === undefined ? 'it was not written by this codec' : `the key with id "${keyId}" in ${CODEC_KEYS_SETTING} is not the key that encrypted it (an id must never be reused for another key)`}; see docs/encryption.md`,
      options,
    );
  }
}
