import assert from 'node:assert/strict';
import { createHmac, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { test } from 'node:test';
import { verifyJwt } from './jwt.js';

const NOW = 1_800_000_000;
const secret = Buffer.from('an HS256 secret of at least thirty-two bytes!!');
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function hs256(claims: Record<string, unknown>, key = secret, alg = 'HS256'): string {
  const input = `${b64({ alg, typ: 'JWT' })}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
function rs256(claims: Record<string, unknown>): string {
  const input = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), rsa.privateKey).toString('base64url')}`;
}

test('an HS256 token signed with the secret, unexpired, is accepted with its claims', () => {
  const check = verifyJwt(hs256({ sub: 'ana', exp: NOW + 60 }), { hs256Secret: secret }, NOW);
  assert.deepEqual(check, { ok: true, claims: { sub: 'ana', exp: NOW + 60 } });
});

test('an RS256 token verifies with the PEM public key only', () => {
  const verifier = {
    rs256PublicKey: createPublicKey(rsa.publicKey.export({ type: 'spki', format: 'pem' })),
  };
  assert.equal(verifyJwt(rs256({ exp: NOW + 60 }), verifier, NOW).ok, true);
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  assert.deepEqual(verifyJwt(rs256({ exp: NOW + 60 }), { rs256PublicKey: other.publicKey }, NOW), {
    ok: false,
    reason: 'the JWT signature does not verify',
  });
});

test('forged, expired, premature, unsigned and wrong-audience tokens are refused with the reason', () => {
  const verifier = { hs256Secret: secret, audience: 'codec' };
  const cases: Array<[string, RegExp]> = [
    [
      hs256({ exp: NOW + 60, aud: 'codec' }, Buffer.from('x'.repeat(40))),
      /signature does not verify/,
    ],
    [hs256({ exp: NOW - 61, aud: 'codec' }), /has expired/],
    [hs256({ aud: 'codec' }), /no numeric "exp"/],
    [hs256({ exp: NOW + 600, nbf: NOW + 300, aud: 'codec' }), /not valid yet/],
    [hs256({ exp: NOW + 60, aud: ['ui', 'other'] }), /"aud" does not include "codec"/],
    [
      `${b64({ alg: 'none' })}.${b64({ exp: NOW + 60, aud: 'codec' })}.`,
      /algorithm "none" is not accepted/,
    ],
    [rs256({ exp: NOW + 60, aud: 'codec' }), /RS256 tokens are not accepted/],
    ['not-a-jwt', /three dot-separated parts/],
  ];
  for (const [token, reason] of cases) {
    const check = verifyJwt(token, verifier, NOW);
    assert.equal(check.ok, false, token);
    if (!check.ok) assert.match(check.reason, reason);
  }
  // A claim edited after signing breaks the signature.
  const [header, , signature] = hs256({ exp: NOW + 60, aud: 'codec', sub: 'ana' }).split('.');
  const edited = `${header}.${b64({ exp: NOW + 60, aud: 'codec', sub: 'admin' })}.${signature}`;
  assert.equal(verifyJwt(edited, verifier, NOW).ok, false);
  assert.equal(verifyJwt(hs256({ exp: NOW + 60, aud: ['codec'] }), verifier, NOW).ok, true);
});
