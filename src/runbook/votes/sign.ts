/** Signing and verifying votes (Ed25519 over {@link voteMessage}). Pure and synchronous. */
import { fromBase64, toBase64Url } from './base64.js';
import { ed } from './ed25519.js';
import type { VoteSigningKey } from './keys.js';
import { type VoteClaim, voteMessage } from './message.js';

/** A signature over a {@link VoteClaim}, and which key made it. */
export interface VoteSignature {
  readonly keyId: string;
  /** The 64-byte Ed25519 signature, base64url. */
  readonly signature: string;
}

/** Signs `claim` with the server's key. */
export function signVote(claim: VoteClaim, key: VoteSigningKey): VoteSignature {
  return { keyId: key.keyId, signature: toBase64Url(ed.sign(voteMessage(claim), key.privateKey)) };
}

/**
 * Whether `sig` is a valid signature of `claim` by the key it names among `publicKeys` (key id →
 * base64url 32-byte public key). An unknown key id, a malformed signature or key, or a claim that
 * cannot be encoded is `false`, never an exception: a validator refuses such a vote.
 */
export function verifyVote(
  claim: VoteClaim,
  sig: VoteSignature,
  publicKeys: Readonly<Record<string, string>>,
): boolean {
  if (typeof sig?.keyId !== 'string' || typeof sig.signature !== 'string') return false;
  if (!Object.hasOwn(publicKeys, sig.keyId)) return false;
  const publicKey = fromBase64(publicKeys[sig.keyId] ?? '');
  const signature = fromBase64(sig.signature);
  if (publicKey?.length !== 32 || signature?.length !== 64) return false;
  let message: Uint8Array;
  try {
    message = voteMessage(claim);
  } catch {
    return false;
  }
  // An Update's validator and its handler judge the same vote: verify it once (pure-JS Ed25519
  // in the workflow sandbox costs tens of milliseconds). The answer is a pure function of the
  // bytes, so remembering it cannot change any outcome, on replay either.
  const memo = `${publicKeys[sig.keyId]}\u0000${sig.signature}\u0000${toBase64Url(message)}`;
  const known = verified.get(memo);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    valid = ed.verify(signature, message, publicKey, { zip215: false });
  } catch {
    valid = false;
  }
  if (verified.size >= VERIFIED_MEMO_SIZE) verified.clear();
  verified.set(memo, valid);
  return valid;
}

/** Recent verdicts by (public key, signature, message); bounded, cleared when full. */
const VERIFIED_MEMO_SIZE = 256;
const verified = new Map<string, boolean>();
