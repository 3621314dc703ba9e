import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { ExitCode } from '../cli/exit-codes.js';
import { reportError } from '../cli/report-error.js';
import { CodecKeysError } from './errors.js';
import { codecKeysFromEnv, parseCodecKeys } from './keys.js';

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');

test('the first listed key encrypts and every listed key is kept for decryption, in order', () => {
  const ring = parseCodecKeys(`new=${keyB}, old=${keyA}`);
  assert.equal(ring.encryptKeyId, 'new');
  assert.deepEqual([...ring.keys.keys()], ['new', 'old']);
  assert.deepEqual(ring.keys.get('old'), Buffer.from(keyA, 'base64'));
});

test('no setting means no keyring; a set but blank setting is an error, not "off"', () => {
  assert.equal(codecKeysFromEnv({}), undefined);
  assert.throws(() => codecKeysFromEnv({ RUNBOOK_CODEC_KEYS: '  ' }), /is set but empty; unset it/);
});

function refusal(text: string): CodecKeysError {
  try {
    parseCodecKeys(text);
  } catch (error) {
    assert.ok(error instanceof CodecKeysError, String(error));
    return error;
  }
  assert.fail(`parseCodecKeys accepted ${JSON.stringify(text)}`);
}

test('each kind of malformed setting is refused with the entry and the reason, never the key', () => {
  const cases: Array<[string, number | undefined, RegExp]> = [
    [`k1=${keyA},`, 2, /entry 2: is empty/],
    [`=${keyA}`, 1, /entry 1: is not <id>=<base64 key>/],
    // A bare key: its padding "=" is the first "=", so nothing follows the "separator".
    [`k1${keyA}`, 1, /has no key after its "="/],
    ['k1mTaefRWOzTlzIIt0B9rN5xGNv6OFdf2RRlfpOr6h0Ew=', 1, /has no key after its "="/],
    ['Ab+/Ab+/Ab+/Ab+/Ab+/Ab+/Ab+/Ab+/Ab+/Ab+/Ab8=', 1, /has no key after its "="/],
    [`k 1=${keyA}`, 1, /the key id \(before the first "="\) must be 1–64 letters/],
    [`k1=${keyA},k1=${keyB}`, 2, /key id "k1" is listed twice/],
    ['k1=not*base64!', 1, /the key of "k1" is not standard base64/],
    [`k1=${keyA.slice(0, -1)}`, 1, /not standard base64/],
    [`k1=${randomBytes(16).toString('base64')}`, 1, /is 16 bytes; AES-256 needs exactly 32/],
    ['k1=', 1, /has no key after its "="/],
  ];
  for (const [text, entry, message] of cases) {
    const error = refusal(text);
    assert.equal(error.code, 'RB9000');
    assert.equal(error.entry, entry, text);
    assert.match(error.message, message);
    assert.match(error.message, /RUNBOOK_CODEC_KEYS/);
    assert.ok(!error.message.includes(keyA) && !error.message.includes(keyB), 'quotes a key');
    assert.ok(!/mTaefRWOzTlz|Ab\+\/Ab/.test(error.message), 'quotes a bare key');
  }
});

test('a malformed key setting makes a CLI command exit 3 (environment) with the fix', () => {
  const report = reportError('worker', refusal('k1=abc'));
  assert.equal(report.exitCode, ExitCode.Environment);
  assert.match(
    report.text,
    /^runbook worker: RUNBOOK_CODEC_KEYS entry 1: .*openssl rand -base64 32/,
  );
});
