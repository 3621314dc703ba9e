/**
 * The base of every error runbook-runner throws on purpose. Pure (no Node APIs, no I/O) so that
 * workflow code, activities, the CLI and the test harness all share it.
 *
 * Every error states what is wrong, where, and what to do, keeps the error it came from as
 * `cause`, and carries its context as readonly fields (a path, an address, a run id) so callers
 * and tests never parse messages. The codes are listed in docs/errors.md.
 */

/**
 * Who can fix the error, which decides how the CLI reports it (see src/cli/report-error.ts):
 * - `usage`: the input is wrong (a flag, a file, a param, a run id); fix the command.
 * - `environment`: something this program needs is missing or unreachable (the Temporal server,
 *   a binary, a kubeconfig, a worker); fix the setup as the message says.
 * - `operation`: an operation a step performed failed (an API refused, a script wrote a bad
 *   output); it ends the step, and the run's outcome reports it.
 *
 * None of them is a bug: the CLI prints the message without a stack trace. Only errors that are
 * not `RunbookError`s are reported as "internal error — this is a bug".
 */
export type RunbookErrorKind = 'usage' | 'environment' | 'operation';

export abstract class RunbookError extends Error {
  /** Stable identifier of this kind of error (`NoWorker`, `RB1010`); never reused or renamed. */
  abstract readonly code: string;
  /** Who can fix it; see {@link RunbookErrorKind}. */
  abstract readonly kind: RunbookErrorKind;

  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }
}
