import { fileURLToPath } from 'node:url';
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

/**
 * Whether a worker moves failure messages and stack traces into an encrypted payload: exactly
 * when payloads are encrypted (without a key the message would only be hidden, not protected,
 * and `temporal workflow show` would print "Encoded failure" instead of the reason).
 */
export function encodesFailures(env: NodeJS.ProcessEnv): boolean {
  return codecKeysFromEnv(env) !== undefined;
}

/**
 * The file of the failure converter that encodes messages and stack traces
 * (src/codec/encoded-failures.ts), as TypeScript in a checkout or JavaScript in a build.
 * Computed on call: a bundle of client code (the GitHub Action) never needs it.
 */
export function encodedFailuresConverterPath(): string {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return fileURLToPath(new URL(`./encoded-failures.${extension}`, import.meta.url));
}

/**
 * The data converter of a worker: the client's, plus the failure converter that encrypts failure
 * messages when payloads are encrypted. Clients need no failure converter of their own: the SDK
 * reads an encoded message back with its default one.
 * @throws CodecKeysError (RB9000) when the setting is present but malformed.
 */
export function workerDataConverterFromEnv(env: NodeJS.ProcessEnv): DataConverter | undefined {
  const dataConverter = dataConverterFromEnv(env);
  return dataConverter === undefined
    ? undefined
    : { ...dataConverter, failureConverterPath: encodedFailuresConverterPath() };
}

/** One line for a process's start: which key encrypts, or that nothing is encrypted and how to change that. */
export function describeEncryption(env: NodeJS.ProcessEnv): string {
  const keyring = codecKeysFromEnv(env);
  if (keyring === undefined) {
    return `payloads (params, step outputs, output tails, failure messages) are stored UNENCRYPTED in Temporal history; to encrypt them set ${CODEC_KEYS_SETTING}=<id>=<base64 of 32 random bytes> on every worker, the CLI and runbook server (docs/encryption.md)`;
  }
  const others = [...keyring.keys.keys()].filter((id) => id !== keyring.encryptKeyId);
  return `payloads and failure messages encrypted with AES-256-GCM under key "${keyring.encryptKeyId}"${others.length === 0 ? '' : `; also decrypting with ${others.map((id) => `"${id}"`).join(', ')}`}`;
}
