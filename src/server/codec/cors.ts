// CORS for the Temporal Web UI, which calls the codec from the browser: only origins listed in
// RUNBOOK_CODEC_CORS_ORIGINS (exact match), with credentials (the UI may send cookies with
// `codec.includeCredentials`), and the headers the UI sends.
import type { IncomingMessage } from 'node:http';

/** What the Web UI and `temporal` send: the JSON body, the namespace, the access token. */
export const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Namespace';
const PREFLIGHT_MAX_AGE_SECONDS = 600;

export type CorsDecision =
  /** Not a browser cross-origin request (no Origin header): no CORS headers. */
  | { readonly kind: 'none' }
  | { readonly kind: 'allowed'; readonly headers: Record<string, string> }
  | { readonly kind: 'refused'; readonly origin: string };

export function corsFor(req: IncomingMessage, origins: readonly string[]): CorsDecision {
  const origin = req.headers.origin;
  if (origin === undefined) return { kind: 'none' };
  if (!origins.includes(origin)) return { kind: 'refused', origin };
  return {
    kind: 'allowed',
    headers: {
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    },
  };
}

/** Headers of the answer to an allowed preflight (`OPTIONS`). */
export function preflightHeaders(allowed: Record<string, string>): Record<string, string> {
  return {
    ...allowed,
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
  };
}
