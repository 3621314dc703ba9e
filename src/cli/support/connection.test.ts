import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UsageError } from '../io.js';
import { securityFromEnv } from './connection.js';

test('no TLS and no API key when none of the TEMPORAL_* security variables is set', () => {
  assert.deepEqual(securityFromEnv({}), {});
});

test('an API key turns TLS on, as Temporal Cloud requires', () => {
  assert.deepEqual(securityFromEnv({ TEMPORAL_API_KEY: 'k' }), { apiKey: 'k', tls: {} });
});

test('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY become the mTLS client pair, with the CA and server name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rr-tls-'));
  for (const name of ['crt', 'key', 'ca']) writeFileSync(join(dir, name), name);
  const security = securityFromEnv({
    TEMPORAL_TLS_CERT: join(dir, 'crt'),
    TEMPORAL_TLS_KEY: join(dir, 'key'),
    TEMPORAL_TLS_CA: join(dir, 'ca'),
    TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
  });
  assert.equal(security.tls?.clientCertPair?.crt.toString(), 'crt');
  assert.equal(security.tls?.clientCertPair?.key.toString(), 'key');
  assert.equal(security.tls?.serverRootCACertificate?.toString(), 'ca');
  assert.equal(security.tls?.serverName, 'temporal.internal');
});

test('a client certificate without its key is refused with a message naming both variables', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rr-tls-'));
  writeFileSync(join(dir, 'crt'), 'crt');
  assert.throws(
    () => securityFromEnv({ TEMPORAL_TLS_CERT: join(dir, 'crt') }),
    (error: unknown) =>
      error instanceof UsageError && /TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY/.test(error.message),
  );
});

test('an unreadable TLS file is named in the error', () => {
  assert.throws(
    () => securityFromEnv({ TEMPORAL_TLS_CA: '/nonexistent/ca.pem' }),
    /TEMPORAL_TLS_CA=\/nonexistent\/ca\.pem: cannot read the file/,
  );
});
