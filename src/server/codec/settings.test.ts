import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { authorize } from './authorize.js';
import { CodecServerSettingsError } from './errors.js';
import { readCodecServerSettings } from './settings.js';

const TOKEN = 'a-codec-token-of-enough-length';

test('origins are kept exactly; a path, a trailing slash or a non-URL is refused naming the setting', () => {
  const settings = readCodecServerSettings({
    RUNBOOK_CODEC_CORS_ORIGINS: 'https://ui.example.com, http://localhost:8233',
    RUNBOOK_CODEC_AUTH_TOKEN: TOKEN,
  });
  assert.deepEqual(settings.corsOrigins, ['https://ui.example.com', 'http://localhost:8233']);
  for (const bad of [
    'https://ui.example.com/',
    'https://ui.example.com/path',
    'ui.example.com',
    'ftp://x',
  ]) {
    assert.throws(
      () => readCodecServerSettings({ RUNBOOK_CODEC_CORS_ORIGINS: bad }),
      (error: unknown) =>
        error instanceof CodecServerSettingsError &&
        error.code === 'RB9003' &&
        /^RUNBOOK_CODEC_CORS_ORIGINS: .* is not an origin/.test(error.message),
    );
  }
});

test('a short token or HS256 secret, a non-RSA key file, a stray audience or a vague flag are refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rr-codec-'));
  const ec = join(dir, 'ec.pem');
  writeFileSync(
    ec,
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
      type: 'spki',
      format: 'pem',
    }),
  );
  const cases: Array<[NodeJS.ProcessEnv, RegExp]> = [
    [{ RUNBOOK_CODEC_AUTH_TOKEN: 'short' }, /RUNBOOK_CODEC_AUTH_TOKEN: is 5 characters/],
    [
      { RUNBOOK_CODEC_JWT_SECRET: 'short' },
      /RUNBOOK_CODEC_JWT_SECRET: is 5 bytes; HS256 needs at least 32/,
    ],
    [{ RUNBOOK_CODEC_JWT_PUBLIC_KEY: join(dir, 'missing.pem') }, /cannot read a PEM public key/],
    [{ RUNBOOK_CODEC_JWT_PUBLIC_KEY: ec }, /holds a ec key; RS256 needs an RSA public key/],
    [{ RUNBOOK_CODEC_JWT_AUDIENCE: 'codec' }, /is set but no JWT key is/],
    [{ RUNBOOK_CODEC_ALLOW_UNAUTHENTICATED: 'yes' }, /must be "true" or "false"/],
  ];
  for (const [env, message] of cases) {
    assert.throws(() => readCodecServerSettings(env), message);
  }
});

test('the token is accepted only as "Bearer <token>"; anything else is refused with the reason', () => {
  const settings = readCodecServerSettings({ RUNBOOK_CODEC_AUTH_TOKEN: TOKEN });
  assert.deepEqual(authorize({ authorization: `Bearer ${TOKEN}` }, settings, 0), {
    ok: true,
    by: 'token',
  });
  assert.deepEqual(authorize({ authorization: `bearer ${TOKEN}` }, settings, 0), {
    ok: true,
    by: 'token',
  });
  assert.deepEqual(authorize({}, settings, 0), {
    ok: false,
    reason: 'no Authorization header (expected "Bearer <token or JWT>")',
  });
  assert.equal(authorize({ authorization: `Bearer ${TOKEN}x` }, settings, 0).ok, false);
  assert.equal(authorize({ authorization: TOKEN }, settings, 0).ok, false);
  assert.equal(authorize({ authorization: `Basic ${TOKEN}` }, settings, 0).ok, false);
});

test('without any credential configured, only the explicit opt-out lets requests through', () => {
  assert.deepEqual(
    authorize({}, readCodecServerSettings({ RUNBOOK_CODEC_ALLOW_UNAUTHENTICATED: 'true' }), 0),
    { ok: true, by: 'unauthenticated' },
  );
  assert.equal(authorize({}, readCodecServerSettings({}), 0).ok, false);
});
