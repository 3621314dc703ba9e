// Who may call the codec: a request whose `Authorization: Bearer <x>` is the configured token
// (compared in constant time) or a JWT that verifies. Nothing is decoded for anyone else.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { verifyJwt } from './jwt.js';
import type { CodecServerSettings } from './settings.js';

export type Authorization =
  | { readonly ok: true; readonly by: 'token' | 'jwt' | 'unauthenticated' }
  | { readonly ok: false; readonly reason: string };

/** Equal strings in time independent of where they differ (hashes first: equal lengths). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function authorize(
  headers: IncomingHttpHeaders,
  settings: CodecServerSettings,
  nowSeconds: number,
): Authorization {
  const hasAuth = settings.authToken !== undefined || settings.jwt !== undefined;
  if (!hasAuth && settings.allowUnauthenticated) return { ok: true, by: 'unauthenticated' };
  const header = headers.authorization;
  if (header === undefined || header === '') {
    return { ok: false, reason: 'no Authorization header (expected "Bearer <token or JWT>")' };
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const credential = match?.[1];
  if (credential === undefined) {
    return { ok: false, reason: 'the Authorization header is not "Bearer <token or JWT>"' };
  }
  if (settings.authToken !== undefined && sameSecret(credential, settings.authToken)) {
    return { ok: true, by: 'token' };
  }
  if (settings.jwt !== undefined && credential.split('.').length === 3) {
    const check = verifyJwt(credential, settings.jwt, nowSeconds);
    return check.ok ? { ok: true, by: 'jwt' } : { ok: false, reason: check.reason };
  }
  return { ok: false, reason: 'the bearer credential is not the codec token' };
}
