// Verifies the JSON Web Token the Temporal Web UI forwards (`codec.passAccessToken`): HS256 with a
// shared secret or RS256 with a PEM public key, with node:crypto only. The signature is checked
// before any claim is trusted; `exp` is required, `nbf` and `aud` are checked when present/configured.
import { createHmac, type KeyObject, timingSafeEqual, verify } from 'node:crypto';

/** Clock difference tolerated between the token's issuer and this server. */
export const JWT_CLOCK_SKEW_SECONDS = 60;

export interface JwtVerifier {
  readonly hs256Secret?: Buffer;
  readonly rs256PublicKey?: KeyObject;
  /** When set, the token's `aud` (a string or a list) must contain it. */
  readonly audience?: string;
}

export type JwtCheck =
  | { readonly ok: true; readonly claims: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly reason: string };

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function part(text: string): Buffer | undefined {
  return BASE64URL.test(text) ? Buffer.from(text, 'base64url') : undefined;
}

function jsonObject(bytes: Buffer | undefined): Record<string, unknown> | undefined {
  if (bytes === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function signatureValid(
  alg: string,
  signingInput: string,
  signature: Buffer,
  verifier: JwtVerifier,
): boolean | string {
  if (alg === 'HS256') {
    if (verifier.hs256Secret === undefined)
      return 'HS256 tokens are not accepted (no RUNBOOK_CODEC_JWT_SECRET)';
    const expected = createHmac('sha256', verifier.hs256Secret).update(signingInput).digest();
    return expected.length === signature.length && timingSafeEqual(expected, signature);
  }
  if (alg === 'RS256') {
    if (verifier.rs256PublicKey === undefined)
      return 'RS256 tokens are not accepted (no RUNBOOK_CODEC_JWT_PUBLIC_KEY)';
    return verify('sha256', Buffer.from(signingInput), verifier.rs256PublicKey, signature);
  }
  return `algorithm "${alg.slice(0, 20)}" is not accepted (HS256 or RS256 only)`;
}

/** Checks `token` against `verifier` at `nowSeconds` (Unix time). Never throws. */
export function verifyJwt(token: string, verifier: JwtVerifier, nowSeconds: number): JwtCheck {
  const pieces = token.split('.');
  if (pieces.length !== 3) return { ok: false, reason: 'not a JWT (three dot-separated parts)' };
  const [headerText = '', payloadText = '', signatureText = ''] = pieces;
  const header = jsonObject(part(headerText));
  const signature = part(signatureText);
  if (header === undefined || signature === undefined) {
    return { ok: false, reason: 'the JWT header or signature is not base64url JSON' };
  }
  const alg = typeof header.alg === 'string' ? header.alg : '';
  const valid = signatureValid(alg, `${headerText}.${payloadText}`, signature, verifier);
  if (typeof valid === 'string') return { ok: false, reason: valid };
  if (!valid) return { ok: false, reason: 'the JWT signature does not verify' };
  const claims = jsonObject(part(payloadText));
  if (claims === undefined) return { ok: false, reason: 'the JWT claims are not a JSON object' };
  if (typeof claims.exp !== 'number') return { ok: false, reason: 'the JWT has no numeric "exp"' };
  if (nowSeconds > claims.exp + JWT_CLOCK_SKEW_SECONDS) {
    return { ok: false, reason: 'the JWT has expired' };
  }
  if (claims.nbf !== undefined) {
    if (typeof claims.nbf !== 'number')
      return { ok: false, reason: 'the JWT "nbf" is not a number' };
    if (nowSeconds + JWT_CLOCK_SKEW_SECONDS < claims.nbf) {
      return { ok: false, reason: 'the JWT is not valid yet ("nbf")' };
    }
  }
  if (verifier.audience !== undefined) {
    const aud = claims.aud;
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (!audiences.includes(verifier.audience)) {
      return { ok: false, reason: `the JWT "aud" does not include "${verifier.audience}"` };
    }
  }
  return { ok: true, claims };
}
