// The errors the CLI's own commands throw. Each one is reported by src/cli/report-error.ts
// without a stack trace; their codes are listed in docs/errors.md.
import { RunbookError } from '../runbook/errors.js';

/**
 * Thrown for mistakes the user can fix in the command itself: a bad flag, a missing file, an
 * unknown run id. The entry point prints the message and exits with `exitCode` (2 by default).
 */
export class UsageError extends RunbookError {
  readonly code: string = 'InvalidUsage';
  readonly kind = 'usage';
  constructor(
    message: string,
    readonly exitCode = 2,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Thrown when a command names a run id the namespace does not have. Exit code 1. */
export class RunNotFoundError extends UsageError {
  override readonly code = 'RunNotFound';
  constructor(
    readonly runId: string,
    readonly namespace: string,
  ) {
    super(
      `no run with id "${runId}" in namespace "${namespace}"; list recent runs with \`runbook history\``,
      1,
    );
  }
}

/**
 * Thrown when the Temporal frontend at `address` does not answer (nothing listens, TLS or DNS
 * failure, a timeout). Names the address, where it came from, and how to fix it.
 */
export class TemporalUnreachableError extends RunbookError {
  readonly code = 'TemporalUnreachable';
  readonly kind = 'environment';
  constructor(
    readonly address: string,
    options: { readonly cause: unknown },
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(
      `cannot reach the Temporal server at ${address} (${reason}). Check that it runs and that --address / TEMPORAL_ADDRESS (and TEMPORAL_TLS* / TEMPORAL_API_KEY for a cloud namespace) are right; without an address the CLI starts its embedded dev server.`,
      options,
    );
  }
}

/**
 * Thrown when a command needs a worker on `taskQueue` (to run steps, answer a query, or process
 * an approval) and none picked the work up within `waitedMs`. The message says what to start.
 */
export class NoWorkerError extends RunbookError {
  readonly code = 'NoWorker';
  readonly kind = 'environment';
  constructor(
    message: string,
    readonly runId: string,
    readonly taskQueue: string,
    readonly waitedMs: number,
  ) {
    super(message);
  }
}
