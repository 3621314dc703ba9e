// The codec server's errors (RB9003–RB9009); listed in docs/errors.md.
import { RunbookError } from '../../runbook/errors.js';

/**
 * Thrown at `runbook server` start when a codec server setting is malformed (a CORS origin that is
 * not `scheme://host[:port]`, a token or JWT secret too short to resist guessing, an unreadable
 * or non-RSA public key file). The message names the setting and what to write.
 */
export class CodecServerSettingsError extends RunbookError {
  readonly code = 'RB9003';
  readonly kind = 'environment';
  constructor(
    readonly setting: string,
    problem: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`${setting}: ${problem}; see docs/encryption.md#the-codec-server`, options);
  }
}

/**
 * Thrown at `runbook server` start when payload keys are set but the codec server has no way to
 * authenticate callers: anyone who reaches it could decrypt every run's history. It starts only
 * with a token, a JWT key, or RUNBOOK_CODEC_ALLOW_UNAUTHENTICATED=true said on purpose.
 */
export class CodecServerAuthMissingError extends RunbookError {
  readonly code = 'RB9004';
  readonly kind = 'environment';
  constructor() {
    super(
      'RUNBOOK_CODEC_KEYS is set, so runbook server would serve /codec/decode, but no authentication is configured: anyone who can reach it could decrypt every run. Set RUNBOOK_CODEC_AUTH_TOKEN (a bearer token for `temporal --codec-auth`), RUNBOOK_CODEC_JWT_SECRET or RUNBOOK_CODEC_JWT_PUBLIC_KEY (to accept the Web UI’s forwarded access token), or — only behind your own authenticating proxy — RUNBOOK_CODEC_ALLOW_UNAUTHENTICATED=true; see docs/encryption.md#the-codec-server',
    );
  }
}

/** Why the codec server refused one request; the `code` and `message` are the answer's body. */
export type CodecRefusalCode =
  /** 401: no credentials, a wrong token, or a JWT that does not verify or has expired. */
  | 'RB9005'
  /** 400/415: the body is not `{"payloads":[…]}` proto JSON, or not `application/json`. */
  | 'RB9006'
  /** 403: a browser request from an origin not in RUNBOOK_CODEC_CORS_ORIGINS. */
  | 'RB9007';

export class CodecRequestRefused extends RunbookError {
  readonly kind = 'usage';
  constructor(
    readonly code: CodecRefusalCode,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
