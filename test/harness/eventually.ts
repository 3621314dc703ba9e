/** How long a readiness wait may take when the caller names no limit. */
export const EVENTUALLY_TIMEOUT_MS = 30_000;
/** How often a readiness wait looks again when the caller names no interval. */
export const EVENTUALLY_INTERVAL_MS = 100;

export interface EventuallyOptions {
  /** What is awaited, for the error ("gave up after 30000 ms waiting for <what>"). */
  readonly what: string;
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

/**
 * Calls `check` until it returns a value other than `undefined` or `false`, and resolves with that
 * value. A readiness wait, never an assertion on time: after `timeoutMs` it rejects naming `what`.
 * An error thrown by `check` ends the wait at once (catch it inside `check` to keep waiting).
 */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  options: EventuallyOptions,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? EVENTUALLY_TIMEOUT_MS;
  const intervalMs = options.intervalMs ?? EVENTUALLY_INTERVAL_MS;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      throw new Error(`gave up after ${timeoutMs} ms waiting for ${options.what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Settles like `promise`, or rejects naming `what` when it has not settled after `timeoutMs`. */
export async function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`gave up after ${timeoutMs} ms waiting for ${what}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
