// One Slack message kept up to date without flooding Slack: at most one `chat.update` per message
// per interval, never two in flight, and only the latest content is ever sent (intermediate
// states that were superseded while waiting are dropped). Slack allows roughly one update per
// second per message before it answers `ratelimited`.

/** The least time between two updates of one message. */
export const UPDATE_INTERVAL_MS = 1_000;

export interface Timers {
  now(): number;
  setTimeout(run: () => void, ms: number): { cancel(): void };
}

export const REAL_TIMERS: Timers = {
  now: () => Date.now(),
  setTimeout(run, ms) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

/**
 * Sends the latest value given to {@link CoalescedSender.set} through `send`, at most once per
 * `intervalMs`. A failed send is reported to `onError` and not retried here (the sender retries
 * inside one call); a later `set` sends again.
 */
export class CoalescedSender<T> {
  readonly #send: (value: T) => Promise<void>;
  readonly #onError: (error: unknown) => void;
  readonly #timers: Timers;
  readonly #intervalMs: number;
  #latest: { value: T } | undefined;
  #lastSentAt = Number.NEGATIVE_INFINITY;
  #timer: { cancel(): void } | undefined;
  #inFlight: Promise<void> | undefined;
  #idle: Array<() => void> = [];

  constructor(
    send: (value: T) => Promise<void>,
    onError: (error: unknown) => void,
    options: { timers?: Timers; intervalMs?: number } = {},
  ) {
    this.#send = send;
    this.#onError = onError;
    this.#timers = options.timers ?? REAL_TIMERS;
    this.#intervalMs = options.intervalMs ?? UPDATE_INTERVAL_MS;
  }

  /** Queues `value`, replacing anything not yet sent. */
  set(value: T): void {
    this.#latest = { value };
    this.#schedule();
  }

  /** Resolves when nothing is waiting or in flight. */
  flushed(): Promise<void> {
    if (this.#latest === undefined && this.#inFlight === undefined) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Drops what is queued and stops the timer (the message is given up). */
  cancel(): void {
    this.#latest = undefined;
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#settle();
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#inFlight !== undefined) return;
    const wait = Math.max(0, this.#lastSentAt + this.#intervalMs - this.#timers.now());
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = undefined;
      this.#fire();
    }, wait);
  }

  #fire(): void {
    const next = this.#latest;
    if (next === undefined) {
      this.#settle();
      return;
    }
    this.#latest = undefined;
    this.#lastSentAt = this.#timers.now();
    this.#inFlight = this.#send(next.value)
      .catch((error: unknown) => this.#onError(error))
      .finally(() => {
        this.#inFlight = undefined;
        if (this.#latest !== undefined) this.#schedule();
        else this.#settle();
      });
  }

  #settle(): void {
    if (this.#latest !== undefined || this.#inFlight !== undefined) return;
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}
