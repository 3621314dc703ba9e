// Work a request handler starts after answering (the 3-second Slack rule, "answer fast, work
// after" for webhooks). Tracked so a graceful shutdown waits for it instead of cutting it off,
// and so one failing job is logged, never an unhandled rejection that kills the server.

export class BackgroundWork {
  readonly #running = new Set<Promise<void>>();
  readonly #log: (line: string) => void;

  constructor(log: (line: string) => void) {
    this.#log = log;
  }

  /** Starts `job` now; its failure is logged with `what`. */
  run(what: string, job: () => Promise<void>): void {
    const task = Promise.resolve()
      .then(job)
      .catch((error: unknown) => {
        this.#log(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => this.#running.delete(task));
    this.#running.add(task);
  }

  get size(): number {
    return this.#running.size;
  }

  /** Waits for every job started so far, at most `timeoutMs`; returns how many were left. */
  async drain(timeoutMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    while (this.#running.size > 0) {
      const settled = await Promise.race([
        Promise.allSettled([...this.#running]).then(() => 'done' as const),
        timeout.then(() => 'timeout' as const),
      ]);
      if (settled === 'timeout') break;
    }
    clearTimeout(timer);
    return this.#running.size;
  }
}
