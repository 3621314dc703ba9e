// The fast path of delivery dedupe: the last deliveries this process accepted, bounded. It does
// not survive a restart and is not shared between replicas; what makes a redelivery harmless
// there is that every action is idempotent by a deterministic key (the sticky comment's marker,
// the check run found by its name and head sha, run workflow ids derived from the delivery id).

/** Enough for hours of deliveries of a busy repository; ~100 bytes each. */
export const SEEN_DELIVERIES_LIMIT = 10_000;

export class SeenDeliveries {
  readonly #seen = new Map<string, true>();
  readonly #limit: number;

  constructor(limit = SEEN_DELIVERIES_LIMIT) {
    this.#limit = limit;
  }

  /** Records `delivery`; false when it was already recorded (a redelivery). */
  add(delivery: string): boolean {
    if (this.#seen.has(delivery)) {
      // Refresh: a delivery redelivered again stays remembered.
      this.#seen.delete(delivery);
      this.#seen.set(delivery, true);
      return false;
    }
    this.#seen.set(delivery, true);
    if (this.#seen.size > this.#limit) {
      const oldest = this.#seen.keys().next();
      if (oldest.done !== true) this.#seen.delete(oldest.value);
    }
    return true;
  }

  /** Forgets `delivery`, so that GitHub's retry of a delivery we could not start is accepted. */
  forget(delivery: string): void {
    this.#seen.delete(delivery);
  }

  get size(): number {
    return this.#seen.size;
  }
}
