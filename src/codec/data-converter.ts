import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from './encryption-codec.js';
import { CODEC_KEYS_SETTING } from './errors.js';
import { codecKeysFromEnv } from './keys.js';

/**
 * The codec configured by `RUNBOOK_CODEC_KEYS`, or undefined when the setting is absent.
 * @throws CodecKeysError (RB9000) when the setting is present but malformed.
 */
export function codecFromEnv(env: NodeJS.ProcessEnv): EncryptionCodec | undefined {
  const keyring = codecKeysFromEnv(env);
  return keyring === undefined ? undefined : new EncryptionCodec(keyring);
}

/**
 * The data converter every client and worker of the project uses: the payload codec configured by
 * `RUNBOOK_CODEC_KEYS`, or undefined (the SDK default) when no keys are set.
 * @throws CodecKeysError (RB9000) when the setting is present but malformed.
 */
export function dataConverterFromEnv(env: NodeJS.ProcessEnv): DataConverter | undefined {
  const codec = codecFromEnv(env);
  return codec === undefined ? undefined : { payloadCodecs: [codec] };
}

/** One line for a process's start: which key encrypts, or that nothing is encrypted and how to change that. */
export function describeEncryption(env: NodeJS.ProcessEnv): string {
  const keyring = codecKeysFromEnv(env);
  if (keyring === undefined) {
    return `payloads (params, step outputs, output tails) are stored UNENCRYPTED in Temporal history; to encrypt them set ${CODEC_KEYS_SETTING}=<id>=<base64 of 32 random bytes> on every worker, the CLI and runbook server (docs/encryption.md)`;
  }
  const others = [...keyring.keys.keys()].filter((id) => id !== keyring.encryptKeyId);
  return `payloads encrypted with AES-256-GCM under key "${keyring.encryptKeyId}"${others.length === 0 ? '' : `; also decrypting with ${others.map((id) => `"${id}"`).join(', ')}`}`;
}
