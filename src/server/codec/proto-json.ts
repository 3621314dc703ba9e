// The codec server protocol's body: `temporal.api.common.v1.Payloads` as proto3 JSON, i.e.
// `{"payloads":[{"metadata":{"encoding":"<base64>"},"data":"<base64>"}]}` (bytes fields are
// base64; proto3 JSON readers accept standard and URL-safe alphabets, padded or not; an empty
// list or empty field may be omitted). Strict: anything else is a CodecRequestRefused (RB9006).
import type { Payload } from '@temporalio/common';
import { CodecRequestRefused } from './errors.js';

export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const BASE64_ANY = /^[A-Za-z0-9+/_-]*={0,2}$/;

function malformed(detail: string): CodecRequestRefused {
  return new CodecRequestRefused(
    'RB9006',
    400,
    `the body is not Payloads proto JSON ({"payloads":[{"metadata":{…},"data":"<base64>"}]}): ${detail}`,
  );
}

function bytes(value: unknown, where: string): Uint8Array {
  if (typeof value !== 'string' || !BASE64_ANY.test(value)) {
    throw malformed(`${where} is not a base64 string`);
  }
  return Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a request body into payloads. */
export function payloadsFromJson(body: Buffer): Payload[] {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw malformed('not JSON');
  }
  if (!isObject(value)) throw malformed('not a JSON object');
  const list = value.payloads ?? [];
  if (!Array.isArray(list)) throw malformed('"payloads" is not a list');
  return list.map((item: unknown, index) => {
    if (!isObject(item)) throw malformed(`payloads[${index}] is not an object`);
    const metadata: Record<string, Uint8Array> = {};
    if (item.metadata != null) {
      if (!isObject(item.metadata)) throw malformed(`payloads[${index}].metadata is not an object`);
      for (const [key, text] of Object.entries(item.metadata)) {
        metadata[key] = bytes(text, `payloads[${index}].metadata.${key}`);
      }
    }
    const data = item.data == null ? new Uint8Array() : bytes(item.data, `payloads[${index}].data`);
    return { metadata, data };
  });
}

/** Renders payloads as the answer's body. */
export function payloadsToJson(payloads: readonly Payload[]): { payloads: JsonPayload[] } {
  return {
    payloads: payloads.map((payload) => {
      const metadata = Object.fromEntries(
        Object.entries(payload.metadata ?? {}).map(([key, value]) => [
          key,
          Buffer.from(value).toString('base64'),
        ]),
      );
      const data = payload.data ?? new Uint8Array();
      return {
        metadata,
        ...(data.length === 0 ? {} : { data: Buffer.from(data).toString('base64') }),
      };
    }),
  };
}
