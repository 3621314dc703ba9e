import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { objectDiff } from './diff.js';
import { backupName } from './secret-backup.js';
import {
  LAST_APPLIED_ANNOTATION,
  patchSecretStrings,
  redactSecret,
  scrubFailure,
  secretStrings,
} from './secret-redaction.js';

const VALUE = 'correct-horse-battery-staple';
const B64 = Buffer.from(VALUE).toString('base64');

const secret = (data: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'prod', ...extra },
  type: 'Opaque',
  data,
});

describe('redactSecret', () => {
  it('replaces data and stringData values with their size and keeps the keys', () => {
    const shown = redactSecret({ ...secret({ password: B64 }), stringData: { user: 'admin' } });
    assert.deepEqual(shown.data, { password: '<redacted: 28 bytes>' });
    assert.deepEqual(shown.stringData, { user: '<redacted: 5 bytes>' });
    assert.equal(shown.type, 'Opaque');
    assert.ok(!JSON.stringify(shown).includes(B64));
  });

  it('redacts the last-applied-configuration annotation, which holds the manifest with its data', () => {
    const lastApplied = JSON.stringify(secret({ password: B64 }));
    const shown = redactSecret(
      secret({ password: B64 }, { annotations: { [LAST_APPLIED_ANNOTATION]: lastApplied } }),
    );
    assert.ok(!JSON.stringify(shown).includes(B64));
    assert.match(JSON.stringify(shown), /last-applied-configuration":"<redacted: \d+ bytes>"/);
  });

  it('leaves other kinds, and Secret-named kinds of other API groups, as they are', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', data: { mode: 'blue' } };
    assert.deepEqual(redactSecret(configMap), configMap);
    const custom = { apiVersion: 'example.com/v1', kind: 'Secret', data: { a: 'b' } };
    assert.deepEqual(redactSecret(custom), custom);
  });
});

describe('objectDiff of a Secret', () => {
  it('shows which key changed, even at the same size, but no value in either encoding', () => {
    const other = Buffer.from('correct-horse-battery-stapl3').toString('base64');
    const before = secret({ password: B64, user: Buffer.from('admin').toString('base64') });
    const after = secret({ password: other, user: Buffer.from('admin').toString('base64') });
    const diff = objectDiff('secrets "db"', before, after);
    assert.ok(diff.includes('-   password: "<redacted: 28 bytes>"'), diff);
    assert.ok(diff.includes('+   password: "<redacted: 28 bytes, changed>"'), diff);
    assert.ok(diff.includes('    user: "<redacted: 5 bytes>"'), diff);
    for (const leaked of [VALUE, B64, other, 'correct-horse-battery-stapl3']) {
      assert.ok(!diff.includes(leaked), `diff contains ${leaked}`);
    }
  });

  it('is empty when nothing changed', () => {
    assert.equal(objectDiff('x', secret({ a: B64 }), secret({ a: B64 })), '');
  });
});

describe('scrubFailure', () => {
  it('removes Secret values from the message, details and cause, keeping type and retryability', () => {
    const cause = new Error(`PATCH /api/v1/secrets/db: 422 Invalid: value "${VALUE}" rejected`);
    const failure = ApplicationFailure.create({
      type: 'KubernetesInvalid',
      nonRetryable: true,
      message: `rejected. The API server said: value "${VALUE}" rejected`,
      details: [{ said: `value "${VALUE}"` }],
      cause,
    });
    const scrubbed = scrubFailure(failure, secretStrings(secret({ password: B64 })));
    assert.ok(scrubbed instanceof ApplicationFailure);
    assert.equal(scrubbed.type, 'KubernetesInvalid');
    assert.equal(scrubbed.nonRetryable, true);
    assert.match(scrubbed.message, /value "<redacted>" rejected/);
    assert.ok(!JSON.stringify(scrubbed.details).includes(VALUE));
    assert.ok(scrubbed.cause instanceof Error);
    assert.ok(!scrubbed.cause.message.includes(VALUE));
  });

  it('returns a failure that holds no value unchanged, with its original cause', () => {
    const failure = ApplicationFailure.create({ type: 'KubernetesNotFound', message: 'gone' });
    assert.equal(scrubFailure(failure, [VALUE]), failure);
  });

  it('finds the values a JSON patch sets under /data and /stringData', () => {
    const values = patchSecretStrings([
      { op: 'replace', path: '/data/password', value: B64 },
      { op: 'add', path: '/stringData', value: { token: 'tok-123456' } },
      { op: 'replace', path: '/metadata/labels/tier', value: 'frontend' },
    ]);
    assert.ok(values.includes(B64) && values.includes(VALUE) && values.includes('tok-123456'));
    assert.ok(!values.includes('frontend'));
  });
});

describe('backupName', () => {
  it('is <name>.runbook-undo.<hash>, differs per key and stays within 253 characters', () => {
    assert.match(backupName('db', 'a'), /^db\.runbook-undo\.[0-9a-f]{10}$/);
    assert.notEqual(backupName('db', 'a'), backupName('db', 'b'));
    const long = backupName(`${'x'.repeat(240)}.y`, 'a');
    assert.ok(long.length <= 253);
    assert.match(long, /^x+\.runbook-undo\./);
  });
});
