// The codec server's settings, read once at `runbook server` start. Each mistake is a
// CodecServerSettingsError (RB9003) naming the setting, so a typo never silently opens the server.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CodecServerSettingsError } from './errors.js';
import type { JwtVerifier } from './jwt.js';

/** Shorter secrets are refused: the token and the HS256 secret stand between anyone and every run. */
export const MIN_TOKEN_CHARS = 16;
export const MIN_JWT_SECRET_BYTES = 32;
const MIN_RSA_BITS = 2048;

export interface CodecServerSettings {
  /** Browser origins allowed to call the codec (exact `scheme://host[:port]` match). */
  readonly corsOrigins: readonly string[];
  /** The bearer token `temporal --codec-auth "Bearer …"` sends. */
  readonly authToken?: string;
  /** How a forwarded JWT (the Web UI's access token) is verified. */
  readonly jwt?: JwtVerifier;
  /** Serve without any authentication (only behind a proxy that authenticates). */
  readonly allowUnauthenticated: boolean;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function origin(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CodecServerSettingsError(
      'RUNBOOK_CODEC_CORS_ORIGINS',
      `"${text.slice(0, 100)}" is not an origin; write scheme://host[:port], e.g. https://temporal-ui.example.com`,
    );
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== text) {
    throw new CodecServerSettingsError(
      'RUNBOOK_CODEC_CORS_ORIGINS',
      `"${text.slice(0, 100)}" is not an origin (no path, no trailing slash, http or https); write ${url.origin === 'null' ? 'scheme://host[:port]' : url.origin}`,
    );
  }
  return text;
}

function publicKey(path: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(readFileSync(path));
  } catch (error) {
    throw new CodecServerSettingsError(
      'RUNBOOK_CODEC_JWT_PUBLIC_KEY',
      `cannot read a PEM public key from ${path} (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa' || bits < MIN_RSA_BITS) {
    throw new CodecServerSettingsError(
      'RUNBOOK_CODEC_JWT_PUBLIC_KEY',
      `${path} holds a ${key.asymmetricKeyType ?? 'unknown'} key${bits > 0 ? ` of ${bits} bits` : ''}; RS256 needs an RSA public key of at least ${MIN_RSA_BITS} bits`,
    );
  }
  return key;
}

export function readCodecServerSettings(env: NodeJS.ProcessEnv): CodecServerSettings {
  const corsOrigins = list(env.RUNBOOK_CODEC_CORS_ORIGINS).map(origin);
  const authToken = env.RUNBOOK_CODEC_AUTH_TOKEN;
  if (authToken !== undefined && authToken.length < MIN_TOKEN_CHARS) {
    throw new CodecServerSettingsError(
      'RUNBOOK_CODEC_AUTH_TOKEN',
      `is ${authToken.length} characters; use at least ${MIN_TOKEN_CHARS} random ones (openssl rand -hex 32)`,
    );
  }
  const secret = env.RUNBOOK_CODEC_JWT_SECRET;
  if (secret !== undefined && Buffer.byteLength(secret) < MIN_JWT_SECRET_BYTES) {
    throw new CodecServerSettingsError(
      'RUNBOOK_CODEC_JWT_SECRET',
      `is ${Buffer.byteLength(secret)} bytes; HS256 needs at least ${MIN_JWT_SECRET_BYTES}`,
    );
  }
  const keyPath = env.RUNBOOK_CODEC_JWT_PUBLIC_KEY;
  const audience = env.RUNBOOK_CODEC_JWT_AUDIENCE;
  const jwt: JwtVerifier | undefined =
    secret === undefined && keyPath === undefined
      ? undefined
      : {
          ...(secret === undefined ? {} : { hs256Secret: Buffer.from(secret) }),
          ...(keyPath === undefined ? {} : { rs256PublicKey: publicKey(keyPath) }),
          ...(audience === undefined || audience === '' ? {} : { audience }),
        };
  if (jwt === undefined && audience !== undefined) {
    throw new CodecServerSettingsError(
      'RUNBOOK_CODEC_JWT_AUDIENCE',
      'is set but no JWT key is (RUNBOOK_CODEC_JWT_SECRET or RUNBOOK_CODEC_JWT_PUBLIC_KEY)',
    );
  }
  const open = env.RUNBOOK_CODEC_ALLOW_UNAUTHENTICATED;
  if (open !== undefined && open !== 'true' && open !== 'false') {
    throw new CodecServerSettingsError(
      'RUNBOOK_CODEC_ALLOW_UNAUTHENTICATED',
      `must be "true" or "false", not "${open.slice(0, 20)}"`,
    );
  }
  return {
    corsOrigins,
    ...(authToken === undefined ? {} : { authToken }),
    ...(jwt === undefined ? {} : { jwt }),
    allowUnauthenticated: open === 'true',
  };
}
