// Slack's v0 request signature, checked on the raw body before anything parses it:
// `v0=` + hex HMAC-SHA256 of `v0:<X-Slack-Request-Timestamp>:<body>` under the signing secret.
// https://api.slack.com/authentication/verifying-requests-from-slack
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How far a request's timestamp may be from our clock, either way. Slack's own rule; it also
 * bounds how long the replay guard must remember a request.
 */
export const SLACK_TIMESTAMP_WINDOW_SECONDS = 5 * 60;

export interface SignedRequest {
  readonly body: Buffer;
  /** The `X-Slack-Request-Timestamp` header, unparsed. */
  readonly timestamp: string | undefined;
  /** The `X-Slack-Signature` header, unparsed. */
  readonly signature: string | undefined;
}

export type Verification =
  | { readonly ok: true; readonly timestampSeconds: number; readonly signature: string }
  | { readonly ok: false; readonly reason: string };

const SIGNATURE = /^v0=[0-9a-f]{64}$/;
const TIMESTAMP = /^[0-9]{1,12}$/;

function expectedSignature(secret: string, timestamp: string, body: Buffer): Buffer {
  return createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest();
}

/**
 * Checks `request` against every secret (the current one and, during a rotation, the old one),
 * each compared in constant time. `nowSeconds` is the server's clock.
 */
export function verifySlackSignature(
  request: SignedRequest,
  secrets: readonly string[],
  nowSeconds: number,
): Verification {
  const { timestamp, signature } = request;
  if (timestamp === undefined || timestamp === '') {
    return { ok: false, reason: 'the X-Slack-Request-Timestamp header is missing' };
  }
  if (signature === undefined || signature === '') {
    return { ok: false, reason: 'the X-Slack-Signature header is missing' };
  }
  if (!TIMESTAMP.test(timestamp)) {
    return { ok: false, reason: 'X-Slack-Request-Timestamp is not a Unix time in seconds' };
  }
  const timestampSeconds = Number(timestamp);
  const skew = nowSeconds - timestampSeconds;
  if (Math.abs(skew) > SLACK_TIMESTAMP_WINDOW_SECONDS) {
    return {
      ok: false,
      reason: `X-Slack-Request-Timestamp is ${Math.abs(skew)} s in the ${
        skew > 0 ? 'past' : 'future'
      }, outside the ${SLACK_TIMESTAMP_WINDOW_SECONDS} s window (a replay, or a wrong clock)`,
    };
  }
  if (!SIGNATURE.test(signature)) {
    return { ok: false, reason: 'X-Slack-Signature is not a v0 signature (v0=<64 hex digits>)' };
  }
  const given = Buffer.from(signature.slice(3), 'hex');
  let matched = false;
  // Every secret is tried, so the time taken does not say which one matched.
  for (const secret of secrets) {
    if (timingSafeEqual(given, expectedSignature(secret, timestamp, request.body))) matched = true;
  }
  if (!matched) {
    return { ok: false, reason: 'X-Slack-Signature does not match any configured signing secret' };
  }
  return { ok: true, timestampSeconds, signature };
}
