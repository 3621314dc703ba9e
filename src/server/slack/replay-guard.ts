// Remembers the signed requests already acted on, so neither a replayed body nor Slack's own
// retry (`X-Slack-Retry-Num`, the same body re-signed) acts twice. A request is remembered as
// long as its timestamp would pass verification; after that the verifier refuses it anyway.
// In memory and per process: a run started from Slack also has a workflow id derived from the
// request (see run-ids.ts), which Temporal refuses to start twice across replicas.
import { createHash } from 'node:crypto';
import { SLACK_TIMESTAMP_WINDOW_SECONDS } from './verify-signature.js';

/** Bounds memory under a flood of (validly signed) requests; the oldest entries go first. */
export const REPLAY_GUARD_MAX_ENTRIES = 20_000;

export class ReplayGuard {
  /** Key → when it may be forgotten (ms). Insertion order is expiry order, near enough. */
  readonly #seen = new Map<string, number>();
  readonly #maxEntries: number;

  constructor(maxEntries = REPLAY_GUARD_MAX_ENTRIES) {
    this.#maxEntries = maxEntries;
  }

  /**
   * Records a verified request; `false` when it was seen before. The key is the body's hash
   * (a replay and a retry carry the same bytes; two real requests never do, each has its own
   * trigger id or event id) plus the Events API's `event_id` when there is one.
   */
  firstTime(body: Buffer, timestampSeconds: number, nowMs: number, eventId?: string): boolean {
    this.#forgetExpired(nowMs);
    const keys = [`body:${createHash('sha256').update(body).digest('hex')}`];
    if (eventId !== undefined) keys.push(`event:${eventId}`);
    if (keys.some((key) => this.#seen.has(key))) return false;
    const until = (timestampSeconds + SLACK_TIMESTAMP_WINDOW_SECONDS + 1) * 1000;
    for (const key of keys) {
      while (this.#seen.size >= this.#maxEntries) {
        const oldest = this.#seen.keys().next().value;
        if (oldest === undefined) break;
        this.#seen.delete(oldest);
      }
      this.#seen.set(key, Math.max(until, nowMs));
    }
    return true;
  }

  get size(): number {
    return this.#seen.size;
  }

  #forgetExpired(nowMs: number): void {
    // Oldest first; stopping at the first live entry leaves at most a few stale ones behind.
    for (const [key, until] of this.#seen) {
      if (until > nowMs) break;
      this.#seen.delete(key);
    }
  }
}
