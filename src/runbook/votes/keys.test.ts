import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromBase64, toBase64Url } from './base64.js';
import {
  parseVotePublicKeys,
  parseVoteSigningKey,
  VoteKeySettingError,
  votePublicKey,
} from './keys.js';

const seed = Buffer.alloc(32, 7);
const seedB64 = seed.toString('base64');

function refusal(fn: () => unknown): VoteKeySettingError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof VoteKeySettingError, String(error));
    return error;
  }
  assert.fail('expected a VoteKeySettingError');
}

describe('parseVoteSigningKey', () => {
  it('reads <keyId>=<base64 seed> in either base64 alphabet', () => {
    const key = parseVoteSigningKey(`2025-10=${seedB64}`);
    assert.equal(key.keyId, '2025-10');
    assert.deepEqual([...key.privateKey], [...seed]);
    const url = parseVoteSigningKey(` k=${seed.toString('base64url')} `);
    assert.deepEqual([...url.privateKey], [...seed]);
  });

  it('names the setting, the problem and the fix, and never echoes the secret', () => {
    const wrongLength = refusal(() =>
      parseVoteSigningKey(`k=${Buffer.alloc(16).toString('base64')}`),
    );
    assert.equal(wrongLength.code, 'RB7001');
    assert.equal(wrongLength.setting, 'RUNBOOK_VOTE_SIGNING_KEY');
    assert.match(
      wrongLength.message,
      /^RUNBOOK_VOTE_SIGNING_KEY has a private key seed for key "k" of 16 bytes; Ed25519 needs 32; generate a key pair with `runbook keys generate`/,
    );
    const noId = refusal(() => parseVoteSigningKey(seedB64));
    assert.ok(!noId.message.includes(seedB64), noId.message);
    assert.match(noId.message, /not <keyId>=<base64 private key seed>/);
    assert.match(refusal(() => parseVoteSigningKey('')).message, /is empty/);
    assert.match(
      refusal(() => parseVoteSigningKey(`a=${seedB64},b=${seedB64}`)).message,
      /holds several keys/,
    );
    assert.match(refusal(() => parseVoteSigningKey('k=***')).message, /not base64/);
    assert.match(refusal(() => parseVoteSigningKey(`a b=${seedB64}`)).message, /key id "a b"/);
  });
});

describe('parseVotePublicKeys', () => {
  it('reads several comma-separated keys as key id → base64url', () => {
    const a = votePublicKey({ keyId: 'a', privateKey: new Uint8Array(32).fill(1) });
    const b = votePublicKey({ keyId: 'b', privateKey: new Uint8Array(32).fill(2) });
    const standardB = Buffer.from(b, 'base64url').toString('base64');
    assert.deepEqual(parseVotePublicKeys(`a=${a}, b=${standardB},`), { a, b });
  });

  it('refuses an empty setting, a duplicate id and a key of the wrong size, with code RB7002', () => {
    const empty = refusal(() => parseVotePublicKeys(' , '));
    assert.equal(empty.code, 'RB7002');
    assert.match(empty.message, /^RUNBOOK_VOTE_PUBLIC_KEYS is empty/);
    assert.match(
      refusal(() => parseVotePublicKeys(`a=${seedB64},a=${seedB64}`)).message,
      /names key "a" twice/,
    );
    assert.match(
      refusal(() => parseVotePublicKeys('a=AAAA')).message,
      /of 3 bytes; Ed25519 needs 32/,
    );
  });
});

describe('base64', () => {
  it('round-trips every length and matches Node for both alphabets', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff));
      const url = toBase64Url(bytes);
      assert.equal(url, bytes.toString('base64url'));
      assert.deepEqual(Buffer.from(fromBase64(url) ?? []), bytes);
      assert.deepEqual(Buffer.from(fromBase64(bytes.toString('base64')) ?? []), bytes);
    }
  });

  it('refuses stray characters, impossible lengths and non-zero spare bits', () => {
    for (const bad of ['ab$d', 'a', 'abcde', 'AB==x', 'AB=', 'AB', 'QR==']) {
      const decoded = fromBase64(bad);
      if (bad === 'AB') assert.equal(decoded, undefined, 'spare bits of "AB" are not zero');
      else assert.equal(decoded, undefined, bad);
    }
    assert.deepEqual([...(fromBase64('AA==') ?? [])], [0]);
  });
});
