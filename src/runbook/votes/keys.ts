/**
 * The vote key settings: `RUNBOOK_VOTE_SIGNING_KEY` (the server's private seed) and
 * `RUNBOOK_VOTE_PUBLIC_KEYS` (what workers verify with; several keys during a rotation).
 * Pure: the caller passes the setting's text.
 */
import { RunbookError } from '../errors.js';
import { fromBase64, toBase64Url } from './base64.js';
import { ed } from './ed25519.js';

/** The server's setting holding `<keyId>=<base64 32-byte seed>`. */
export const VOTE_SIGNING_KEY_SETTING = 'RUNBOOK_VOTE_SIGNING_KEY';
/** The workers' setting holding `<keyId>=<base64 public key>[,<keyId>=<public key>…]`. */
export const VOTE_PUBLIC_KEYS_SETTING = 'RUNBOOK_VOTE_PUBLIC_KEYS';

/** The key the server signs votes with. */
export interface VoteSigningKey {
  /** Names the key, so workers pick the public key to verify with (and keys can rotate). */
  readonly keyId: string;
  /** The 32-byte Ed25519 seed (RFC 8032 secret key). */
  readonly privateKey: Uint8Array;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const KEY_BYTES = 32;

/** A vote key setting that cannot be read; the message names the setting and the fix. */
export class VoteKeySettingError extends RunbookError {
  readonly code: 'RB7001' | 'RB7002';
  readonly kind = 'environment' as const;
  /** The setting at fault, e.g. `RUNBOOK_VOTE_PUBLIC_KEYS`. */
  readonly setting: string;

  constructor(setting: string, problem: string) {
    super(
      `${setting} ${problem}; generate a key pair with \`runbook keys generate\` and see docs/security.md#verified-votes`,
    );
    this.setting = setting;
    this.code = setting === VOTE_SIGNING_KEY_SETTING ? 'RB7001' : 'RB7002';
  }
}

/** `<keyId>=<base64>` → its parts, or a problem saying what is wrong with the entry. */
function splitEntry(entry: string, what: string): { keyId: string; bytes: Uint8Array } | string {
  const eq = entry.indexOf('=');
  // A bare base64 value ends in `=` padding: without a value after the `=`, it is not an entry.
  if (eq <= 0 || entry.slice(eq + 1).trim() === '') {
    return `holds "${shorten(entry)}", not <keyId>=<base64 ${what}>`;
  }
  const keyId = entry.slice(0, eq).trim();
  if (!KEY_ID.test(keyId)) {
    return `has the key id "${shorten(keyId)}": use 1-64 letters, digits, ".", "_" or "-"`;
  }
  const bytes = fromBase64(entry.slice(eq + 1).trim());
  if (bytes === undefined) return `has a ${what} for key "${keyId}" that is not base64`;
  if (bytes.length !== KEY_BYTES) {
    return `has a ${what} for key "${keyId}" of ${bytes.length} bytes; Ed25519 needs ${KEY_BYTES}`;
  }
  return { keyId, bytes };
}

/** Never echoes more than a few characters of a setting that may hold a secret. */
function shorten(text: string): string {
  return text.length <= 8 ? text : `${text.slice(0, 8)}…`;
}

/** Reads `RUNBOOK_VOTE_SIGNING_KEY`: `<keyId>=<base64 32-byte seed>`. */
export function parseVoteSigningKey(setting: string): VoteSigningKey {
  const text = setting.trim();
  if (text === '') throw new VoteKeySettingError(VOTE_SIGNING_KEY_SETTING, 'is empty');
  if (text.includes(',')) {
    throw new VoteKeySettingError(
      VOTE_SIGNING_KEY_SETTING,
      'holds several keys; the server signs with one (list the old public keys in RUNBOOK_VOTE_PUBLIC_KEYS instead)',
    );
  }
  const parsed = splitEntry(text, 'private key seed');
  if (typeof parsed === 'string') throw new VoteKeySettingError(VOTE_SIGNING_KEY_SETTING, parsed);
  return { keyId: parsed.keyId, privateKey: parsed.bytes };
}

/**
 * Reads `RUNBOOK_VOTE_PUBLIC_KEYS`: `<keyId>=<base64 public key>`, comma-separated; several keys
 * let votes signed with an old key verify during a rotation. Returns key id → base64url key.
 */
export function parseVotePublicKeys(setting: string): Record<string, string> {
  const keys: Record<string, string> = {};
  const entries = setting
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new VoteKeySettingError(VOTE_PUBLIC_KEYS_SETTING, 'is empty');
  for (const entry of entries) {
    const parsed = splitEntry(entry, 'public key');
    if (typeof parsed === 'string') throw new VoteKeySettingError(VOTE_PUBLIC_KEYS_SETTING, parsed);
    if (Object.hasOwn(keys, parsed.keyId)) {
      throw new VoteKeySettingError(
        VOTE_PUBLIC_KEYS_SETTING,
        `names key "${parsed.keyId}" twice; give each key its own id`,
      );
    }
    keys[parsed.keyId] = toBase64Url(parsed.bytes);
  }
  return keys;
}

/** The public key of a signing key, as `RUNBOOK_VOTE_PUBLIC_KEYS` holds it (base64url). */
export function votePublicKey(key: VoteSigningKey): string {
  return toBase64Url(ed.getPublicKey(key.privateKey));
}
