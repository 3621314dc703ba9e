import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  defaultPayloadConverter,
  METADATA_ENCODING_KEY,
  type Payload,
  type PayloadCodec,
} from '@temporalio/common';
import { dataConverterFromEnv, describeEncryption } from './data-converter.js';
import {
  COMPRESSION_METADATA,
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  KEY_ID_METADATA,
} from './encryption-codec.js';
import { CodecKeyMissingError, CodecPayloadError } from './errors.js';
import { parseCodecKeys } from './keys.js';

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');
const codecOf = (setting: string) => new EncryptionCodec(parseCodecKeys(setting));
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const json = (value: unknown): Payload => {
  const payload = defaultPayloadConverter.toPayload(value);
  assert.ok(payload !== undefined);
  return payload;
};

test('a payload round-trips: the stored form hides the value and its encoding, decoding restores both', async () => {
  const codec = codecOf(`a=${keyA}`);
  const original = json({ host: 'db-primary.acme.internal', customer: 'Globex' });
  const [encoded] = await codec.encode([original]);
  assert.ok(encoded !== undefined);
  assert.equal(text(encoded.metadata?.[METADATA_ENCODING_KEY]), ENCRYPTED_ENCODING);
  assert.equal(text(encoded.metadata?.[KEY_ID_METADATA]), 'a');
  assert.equal(encoded.metadata?.[COMPRESSION_METADATA], undefined, 'small: not compressed');
  const stored = Buffer.from(encoded.data ?? []);
  assert.ok(!stored.includes('db-primary') && !stored.includes('json/plain'));
  const [decoded] = await codec.decode([encoded]);
  assert.ok(decoded !== undefined);
  assert.equal(text(decoded.metadata?.[METADATA_ENCODING_KEY]), 'json/plain');
  assert.deepEqual(defaultPayloadConverter.fromPayload(decoded), {
    host: 'db-primary.acme.internal',
    customer: 'Globex',
  });
});

test('the same value encrypts differently each time (a fresh IV per payload)', async () => {
  const codec = codecOf(`a=${keyA}`);
  const [one, two] = await codec.encode([json('same'), json('same')]);
  assert.notDeepEqual(Buffer.from(one?.data ?? []), Buffer.from(two?.data ?? []));
});

test('a tampered payload is refused (RB9002): a flipped byte, a swapped key id, a dropped compression mark', async () => {
  const codec = codecOf(`a=${keyA},b=${keyB}`);
  const [small, large] = await codec.encode([json('secret-ish'), json('x'.repeat(5000))]);
  assert.ok(small !== undefined && large !== undefined);
  const flipped = Buffer.from(small.data ?? []);
  flipped[20] = (flipped[20] ?? 0) ^ 1;
  const variants: Payload[] = [
    { ...small, data: flipped },
    { ...small, data: Buffer.from(small.data ?? []).subarray(0, 10) },
    { ...small, metadata: { ...small.metadata, [KEY_ID_METADATA]: Buffer.from('b') } },
    {
      ...large,
      metadata: Object.fromEntries(
        Object.entries(large.metadata ?? {}).filter(([key]) => key !== COMPRESSION_METADATA),
      ),
    },
  ];
  for (const variant of variants) {
    await assert.rejects(codec.decode([variant]), (error: unknown) => {
      assert.ok(error instanceof CodecPayloadError, String(error));
      assert.equal(error.code, 'RB9002');
      assert.match(error.message, /was refused: /);
      return true;
    });
  }
});

test('after a rotation (b first, a kept) old payloads decode and new ones are written under b', async () => {
  const [old] = await codecOf(`a=${keyA}`).encode([json('written before the rotation')]);
  assert.ok(old !== undefined);
  const rotated = codecOf(`b=${keyB},a=${keyA}`);
  const [fresh] = await rotated.encode([json('written after')]);
  assert.equal(text(fresh?.metadata?.[KEY_ID_METADATA]), 'b');
  const decoded = await rotated.decode([old, fresh as Payload]);
  assert.deepEqual(
    decoded.map((payload) => defaultPayloadConverter.fromPayload(payload)),
    ['written before the rotation', 'written after'],
  );
});

test('a payload under a key that is no longer listed fails naming the key id and the setting (RB9001)', async () => {
  const [old] = await codecOf(`a=${keyA}`).encode([json('old run')]);
  await assert.rejects(codecOf(`b=${keyB}`).decode([old as Payload]), (error: unknown) => {
    assert.ok(error instanceof CodecKeyMissingError, String(error));
    assert.equal(error.code, 'RB9001');
    assert.equal(error.keyId, 'a');
    assert.match(
      error.message,
      /encrypted with key "a", which is not in RUNBOOK_CODEC_KEYS \(it has "b"\)/,
    );
    assert.match(error.message, /Add a=<its base64 key> to RUNBOOK_CODEC_KEYS/);
    return true;
  });
});

test('a payload over 1 KiB is compressed before encryption and marked so; it decodes the same', async () => {
  const codec = codecOf(`a=${keyA}`);
  const output = 'line of step output that repeats\n'.repeat(400);
  const [encoded] = await codec.encode([json(output)]);
  assert.ok(encoded !== undefined);
  assert.equal(text(encoded.metadata?.[COMPRESSION_METADATA]), 'zlib');
  assert.ok((encoded.data?.length ?? 0) < output.length / 4, 'compressed');
  const [decoded] = await codec.decode([encoded]);
  assert.equal(defaultPayloadConverter.fromPayload(decoded as Payload), output);
});

test('payloads the codec did not write pass through decode, and encrypted ones through encode', async () => {
  const codec = codecOf(`a=${keyA}`);
  const plain = json({ written: 'before encryption was turned on' });
  const foreign: Payload = {
    metadata: { [METADATA_ENCODING_KEY]: Buffer.from('binary/zstd') },
    data: Buffer.from([1, 2, 3]),
  };
  const [decodedPlain, decodedForeign] = await codec.decode([plain, foreign]);
  assert.equal(decodedPlain, plain);
  assert.equal(decodedForeign, foreign);
  const [encrypted] = await codec.encode([plain]);
  const [again] = await codec.encode([encrypted as Payload]);
  assert.equal(again, encrypted, 'not encrypted twice');
});

test('dataConverterFromEnv: the codec when keys are set, the SDK default otherwise; the start line says which', async () => {
  assert.equal(dataConverterFromEnv({}), undefined);
  const converter = dataConverterFromEnv({ RUNBOOK_CODEC_KEYS: `b=${keyB},a=${keyA}` });
  const [codec] = (converter?.payloadCodecs ?? []) as PayloadCodec[];
  assert.ok(codec instanceof EncryptionCodec);
  assert.equal(codec.encryptKeyId, 'b');
  assert.match(describeEncryption({}), /stored UNENCRYPTED .* set RUNBOOK_CODEC_KEYS=<id>=/);
  assert.equal(
    describeEncryption({ RUNBOOK_CODEC_KEYS: `b=${keyB},a=${keyA}` }),
    'payloads and failure messages encrypted with AES-256-GCM under key "b"; also decrypting with "a"',
  );
});
