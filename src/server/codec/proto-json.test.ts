import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CodecRequestRefused } from './errors.js';
import { payloadsFromJson, payloadsToJson } from './proto-json.js';

const body = (value: unknown) => Buffer.from(JSON.stringify(value));

test('Payloads proto JSON parses to bytes and renders back to the same JSON', () => {
  const json = {
    payloads: [
      {
        metadata: { encoding: Buffer.from('json/plain').toString('base64') },
        data: Buffer.from('"hi"').toString('base64'),
      },
      { metadata: { encoding: Buffer.from('binary/null').toString('base64') } },
    ],
  };
  const payloads = payloadsFromJson(body(json));
  assert.equal(Buffer.from(payloads[0]?.data ?? []).toString(), '"hi"');
  assert.equal(payloads[1]?.data?.length, 0);
  assert.deepEqual(payloadsToJson(payloads), json);
});

test('URL-safe and unpadded base64 are read (proto3 JSON allows both); an empty object is no payloads', () => {
  const [payload] = payloadsFromJson(
    body({ payloads: [{ metadata: {}, data: Buffer.from([251, 255]).toString('base64url') }] }),
  );
  assert.deepEqual([...(payload?.data ?? [])], [251, 255]);
  assert.deepEqual(payloadsFromJson(body({})), []);
});

test('a body that is not Payloads proto JSON is refused with RB9006 naming the field', () => {
  const cases: Array<[Buffer, RegExp]> = [
    [Buffer.from('{'), /not JSON/],
    [body([1]), /not a JSON object/],
    [body({ payloads: {} }), /"payloads" is not a list/],
    [body({ payloads: ['x'] }), /payloads\[0\] is not an object/],
    [body({ payloads: [{ data: 'not base64!' }] }), /payloads\[0\]\.data is not a base64 string/],
    [
      body({ payloads: [{ metadata: { encoding: 7 } }] }),
      /payloads\[0\]\.metadata\.encoding is not a base64 string/,
    ],
  ];
  for (const [raw, message] of cases) {
    assert.throws(
      () => payloadsFromJson(raw),
      (error: unknown) =>
        error instanceof CodecRequestRefused &&
        error.code === 'RB9006' &&
        error.status === 400 &&
        message.test(error.message),
    );
  }
});
