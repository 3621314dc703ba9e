// Payload encryption: the codec every client and worker uses, its keys, and how to read
// payloads of raw history through it.
export {
  codecFromEnv,
  dataConverterFromEnv,
  describeEncryption,
  encodedFailuresConverterPath,
  encodesFailures,
  workerDataConverterFromEnv,
} from './data-converter.js';
export {
  COMPRESS_OVER_BYTES,
  COMPRESSION_METADATA,
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  isEncrypted,
  KEY_ID_METADATA,
} from './encryption-codec.js';
export {
  CODEC_KEYS_SETTING,
  CodecKeyMissingError,
  CodecKeysError,
  CodecPayloadError,
} from './errors.js';
export { decodePayloads, historyPayloadValue } from './history-payloads.js';
export { type CodecKeyring, codecKeysFromEnv, KEY_BYTES, parseCodecKeys } from './keys.js';
