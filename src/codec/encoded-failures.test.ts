import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { ApplicationFailure, defaultPayloadConverter } from '@temporalio/common';
import {
  decodeFailure,
  encodeFailure,
  loadDataConverter,
} from '@temporalio/common/lib/internal-non-workflow/index.js';
import { dataConverterFromEnv, workerDataConverterFromEnv } from './data-converter.js';

const env = { RUNBOOK_CODEC_KEYS: `a=${randomBytes(32).toString('base64')}` };
const SECRET_ISH = 'CUSTOMER-ZEBRA-7731';

test('without keys a worker keeps the SDK default converters; clients never load a failure converter', () => {
  assert.equal(workerDataConverterFromEnv({}), undefined);
  assert.equal(dataConverterFromEnv(env)?.failureConverterPath, undefined);
});

test("with keys a worker's failure converter, loaded by path as the SDK loads it, moves message and stack into a payload the codec encrypts", async () => {
  const dataConverter = workerDataConverterFromEnv(env);
  assert.ok(dataConverter?.failureConverterPath?.match(/encoded-failures\.(ts|js)$/));
  const loaded = loadDataConverter(dataConverter);
  const error = ApplicationFailure.nonRetryable(`Step deploy: sh -c ${SECRET_ISH} exited 3`, 'X');
  const failure = loaded.failureConverter.errorToFailure(error, loaded.payloadConverter);
  assert.equal(failure.message, 'Encoded failure');
  assert.equal(failure.stackTrace, '');
  const stored = await encodeFailure(loaded.payloadCodecs, failure);
  const bytes = JSON.stringify(stored, (_key, value) =>
    value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value,
  );
  assert.ok(!bytes.includes(SECRET_ISH), 'the message is not in the stored failure');
  assert.ok(!bytes.includes('Step deploy'), 'nor any part of it');

  // A client with the same keys and the SDK's default failure converter reads the message back.
  const client = loadDataConverter(dataConverterFromEnv(env));
  const decoded = await decodeFailure(client.payloadCodecs, stored);
  const back = client.failureConverter.failureToError(decoded, defaultPayloadConverter);
  assert.ok(back instanceof ApplicationFailure);
  assert.equal(back.message, `Step deploy: sh -c ${SECRET_ISH} exited 3`);
  assert.equal(back.type, 'X');
});
