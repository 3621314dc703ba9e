import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { votePublicKey } from './keys.js';
import { type VoteClaim, voteMessage } from './message.js';
import { signVote, verifyVote } from './sign.js';

const claim: VoteClaim = {
  runId: 'deploy-42',
  stepId: 'gate',
  identity: 'slack:U0ERIN',
  decision: 'approve',
  at: 1_760_000_000_000,
};
const key = { keyId: 'k', privateKey: new Uint8Array(32).fill(7) };
const keys = { k: votePublicKey(key) };
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The encoding as it was before `groups` existed, written out by hand. */
function legacyMessage(c: VoteClaim): Uint8Array {
  const fields = ['runbook-runner/vote/v1', c.runId, c.stepId, c.identity, c.decision, `${c.at}`];
  return Buffer.concat(
    fields.map((field) => {
      const bytes = Buffer.from(field, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return Buffer.concat([length, bytes]);
    }),
  );
}

describe('voteMessage with Slack user groups', () => {
  it('encodes a claim without groups byte for byte as before, so old signatures still verify', () => {
    assert.equal(hex(voteMessage(claim)), hex(legacyMessage(claim)));
  });

  it('encodes absent, empty and listed groups apart, and groups cannot run into each other', () => {
    const encodings = [
      voteMessage(claim),
      voteMessage({ ...claim, groups: [] }),
      voteMessage({ ...claim, groups: ['S0ONCALL'] }),
      voteMessage({ ...claim, groups: ['S0ON', 'CALL'] }),
      voteMessage({ ...claim, groups: ['S0ONCALL', 'S0SRE'] }),
    ].map(hex);
    assert.equal(new Set(encodings).size, encodings.length);
  });

  it('a signature over groups fails once the groups are added, changed or dropped', () => {
    const signed = { ...claim, groups: ['S0ONCALL'] };
    const signature = signVote(signed, key);
    assert.equal(verifyVote(signed, signature, keys), true);
    assert.equal(verifyVote({ ...claim, groups: ['S0ADMINS'] }, signature, keys), false);
    assert.equal(
      verifyVote({ ...claim, groups: ['S0ONCALL', 'S0ADMINS'] }, signature, keys),
      false,
    );
    assert.equal(verifyVote({ ...claim, groups: [] }, signature, keys), false);
    assert.equal(verifyVote(claim, signature, keys), false);
    const plain = signVote(claim, key);
    assert.equal(verifyVote({ ...claim, groups: ['S0ONCALL'] }, plain, keys), false);
  });

  it('refuses groups that are not a list of strings', () => {
    assert.throws(
      () => voteMessage({ ...claim, groups: [42] as unknown as string[] }),
      /list of Slack user group ids/,
    );
  });
});
