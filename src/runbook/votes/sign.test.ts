import assert from 'node:assert/strict';
import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { describe, it } from 'node:test';
import { toBase64Url } from './base64.js';
import { parseVotePublicKeys, parseVoteSigningKey, votePublicKey } from './keys.js';
import { type VoteClaim, voteMessage } from './message.js';
import { signVote, verifyVote } from './sign.js';

const claim: VoteClaim = {
  runId: 'deploy-42',
  stepId: 'gate',
  identity: 'slack:U0ALICE',
  decision: 'approve',
  at: 1_760_000_000_000,
};

const seed = (byte: number) => new Uint8Array(32).fill(byte);
const current = { keyId: 'k2', privateKey: seed(2) };
const old = { keyId: 'k1', privateKey: seed(1) };
const keys = { k1: votePublicKey(old), k2: votePublicKey(current) };

describe('signVote / verifyVote', () => {
  it('verifies a vote signed by a listed key', () => {
    const sig = signVote(claim, current);
    assert.equal(sig.keyId, 'k2');
    assert.match(sig.signature, /^[A-Za-z0-9_-]{86}$/);
    assert.equal(verifyVote(claim, sig, keys), true);
  });

  for (const [field, value] of [
    ['runId', 'deploy-43'],
    ['stepId', 'gate2'],
    ['identity', 'slack:U0MALLORY'],
    ['decision', 'reject'],
    ['at', claim.at + 1],
  ] as const) {
    it(`refuses the signature once ${field} is changed`, () => {
      const sig = signVote(claim, current);
      assert.equal(verifyVote({ ...claim, [field]: value }, sig, keys), false);
    });
  }

  it('refuses a signature made with a key the worker does not list, or under another key id', () => {
    const stranger = { keyId: 'k2', privateKey: seed(9) };
    assert.equal(verifyVote(claim, signVote(claim, stranger), keys), false);
    const relabelled = { ...signVote(claim, old), keyId: 'k2' };
    assert.equal(verifyVote(claim, relabelled, keys), false);
    assert.equal(verifyVote(claim, signVote(claim, { ...current, keyId: 'k3' }), keys), false);
  });

  it('accepts votes signed with the old and the new key while both are listed (rotation)', () => {
    assert.equal(verifyVote(claim, signVote(claim, old), keys), true);
    assert.equal(verifyVote(claim, signVote(claim, current), keys), true);
    const afterRotation = { k2: keys.k2 };
    assert.equal(verifyVote(claim, signVote(claim, old), afterRotation), false);
  });

  it('answers false, never throws, for malformed signatures and keys', () => {
    const sig = signVote(claim, current);
    assert.equal(verifyVote(claim, { keyId: 'k2', signature: 'not base64!' }, keys), false);
    assert.equal(
      verifyVote(claim, { keyId: 'k2', signature: sig.signature.slice(4) }, keys),
      false,
    );
    assert.equal(verifyVote(claim, sig, { k2: 'AAAA' }), false);
    assert.equal(verifyVote(claim, { keyId: 'toString', signature: sig.signature }, keys), false);
    assert.equal(verifyVote({ ...claim, at: Number.NaN }, sig, keys), false);
    assert.equal(verifyVote(claim, null as never, keys), false);
  });

  it('verifies a signature Node made with a key pair generated the way `runbook keys generate` does', () => {
    const pair = generateKeyPairSync('ed25519');
    const pub = pair.publicKey.export({ format: 'jwk' }).x ?? '';
    const d = pair.privateKey.export({ format: 'jwk' }).d ?? '';
    const signingKey = parseVoteSigningKey(`node=${d}`);
    const publicKeys = parseVotePublicKeys(
      `node=${Buffer.from(pub, 'base64url').toString('base64')}`,
    );
    assert.equal(votePublicKey(signingKey), pub);
    const signature = toBase64Url(nodeSign(null, voteMessage(claim), pair.privateKey));
    assert.equal(verifyVote(claim, { keyId: 'node', signature }, publicKeys), true);
    assert.equal(verifyVote(claim, signVote(claim, signingKey), publicKeys), true);
  });
});

describe('voteMessage', () => {
  it('encodes field boundaries, so shifting text between fields changes the message', () => {
    const a = voteMessage({ ...claim, runId: 'ab', stepId: 'c' });
    const b = voteMessage({ ...claim, runId: 'a', stepId: 'bc' });
    assert.notDeepEqual(a, b);
    assert.deepEqual(voteMessage({ ...claim }), voteMessage(claim));
  });

  it('refuses an `at` that is not whole epoch milliseconds, and an unknown decision', () => {
    assert.throws(() => voteMessage({ ...claim, at: 1.5 }), /epoch milliseconds/);
    assert.throws(() => voteMessage({ ...claim, decision: 'maybe' as never }), /approve or reject/);
  });
});
