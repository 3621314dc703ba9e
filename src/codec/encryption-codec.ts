// The payload codec: every payload the project writes to Temporal is compressed (when large) and
// encrypted with AES-256-GCM under the first key of RUNBOOK_CODEC_KEYS; payloads are decrypted
// with whichever listed key their metadata names, so runs written before a rotation stay readable.
import { deflateSync, inflateSync } from 'node:zlib';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import { open, seal } from './aes-gcm.js';
import { CodecKeyMissingError, CodecPayloadError } from './errors.js';
import type { CodecKeyring } from './keys.js';

/** `encoding` of an encrypted payload (the name Temporal's samples and docs use). */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata key naming the key that encrypted the payload. */
export const KEY_ID_METADATA = 'encryption-key-id';
/** Metadata key present when the payload was compressed before encryption; its value is `zlib`. */
export const COMPRESSION_METADATA = 'encryption-compression';
const ZLIB = 'zlib';
/**
 * Serialized payloads larger than this are compressed before encryption (once encrypted, bytes
 * no longer compress). Step outputs and output tails are text and shrink several times over.
 */
export const COMPRESS_OVER_BYTES = 1024;

const ProtoPayload = proto.temporal.api.common.v1.Payload;
const utf8 = new TextEncoder();
const text = new TextDecoder('utf-8', { fatal: true });

function metadataText(payload: Payload, key: string): string | undefined {
  const value = payload.metadata?.[key];
  if (value == null) return undefined;
  try {
    return text.decode(value);
  } catch {
    return undefined;
  }
}

/**
 * The metadata left in clear, bound to the ciphertext as AES-GCM additional data: changing the
 * key id or the compression flag of a stored payload makes it fail to decrypt instead of
 * decoding differently.
 */
function associatedData(keyId: string, compression: string | undefined): Uint8Array {
  return utf8.encode(`${ENCRYPTED_ENCODING}\n${keyId}\n${compression ?? 'none'}`);
}

/** Whether the payload is one this codec wrote (its `encoding` is `binary/encrypted`). */
export function isEncrypted(payload: Payload): boolean {
  return metadataText(payload, METADATA_ENCODING_KEY) === ENCRYPTED_ENCODING;
}

export class EncryptionCodec implements PayloadCodec {
  constructor(readonly keyring: CodecKeyring) {}

  /** The id of the key new payloads are encrypted with. */
  get encryptKeyId(): string {
    return this.keyring.encryptKeyId;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encodeOne(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decodeOne(payload));
  }

  /** Encrypts the whole payload (its metadata too); one already encrypted is left as it is. */
  encodeOne(payload: Payload): Payload {
    if (isEncrypted(payload)) return payload;
    const keyId = this.keyring.encryptKeyId;
    const key = this.keyring.keys.get(keyId);
    if (key === undefined) throw new CodecKeyMissingError(keyId, [...this.keyring.keys.keys()]);
    const serialized = ProtoPayload.encode(payload).finish();
    let plaintext: Uint8Array = serialized;
    let compression: string | undefined;
    if (serialized.length > COMPRESS_OVER_BYTES) {
      const compressed = deflateSync(serialized);
      if (compressed.length < serialized.length) {
        plaintext = compressed;
        compression = ZLIB;
      }
    }
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: utf8.encode(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA]: utf8.encode(keyId),
        ...(compression === undefined ? {} : { [COMPRESSION_METADATA]: utf8.encode(compression) }),
      },
      data: seal(key, plaintext, associatedData(keyId, compression)),
    };
  }

  /**
   * Decrypts a payload this codec wrote; any other payload (written without encryption, or by
   * another codec in the chain) is passed through unchanged, as the SDK expects of a codec.
   */
  decodeOne(payload: Payload): Payload {
    if (!isEncrypted(payload)) return payload;
    const keyId = metadataText(payload, KEY_ID_METADATA);
    if (keyId === undefined) {
      throw new CodecPayloadError(undefined, `its metadata has no "${KEY_ID_METADATA}"`);
    }
    const key = this.keyring.keys.get(keyId);
    if (key === undefined) throw new CodecKeyMissingError(keyId, [...this.keyring.keys.keys()]);
    const compression = metadataText(payload, COMPRESSION_METADATA);
    if (compression !== undefined && compression !== ZLIB) {
      throw new CodecPayloadError(keyId, `unknown compression "${compression.slice(0, 40)}"`);
    }
    let plaintext: Buffer;
    try {
      plaintext = open(key, payload.data ?? new Uint8Array(), associatedData(keyId, compression));
    } catch (error) {
      throw new CodecPayloadError(
        keyId,
        `AES-GCM authentication failed (${error instanceof Error ? error.message : String(error)})`,
        { cause: error },
      );
    }
    try {
      const serialized = compression === ZLIB ? inflateSync(plaintext) : plaintext;
      const inner = ProtoPayload.decode(serialized);
      return {
        metadata: inner.metadata ?? {},
        data: inner.data ?? new Uint8Array(),
      };
    } catch (error) {
      throw new CodecPayloadError(keyId, 'its decrypted bytes are not a payload', { cause: error });
    }
  }
}
