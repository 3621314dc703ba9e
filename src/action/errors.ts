// The errors the GitHub Action reports as its `::error::` annotation; codes in docs/errors.md.
import { RunbookError, type RunbookErrorKind } from '../runbook/errors.js';

/** What went wrong, by stable code; docs/errors.md lists each with what to do. */
export const ACTION_ERROR_CODES = {
  /** A required input (`runbook`, `temporal-address`) or runner variable is missing. */
  RB8080: 'usage',
  /** An input or runner variable has a value the action cannot use (`wait`, `timeout`, …). */
  RB8081: 'usage',
  /** `params` is not a YAML mapping of scalar values. */
  RB8082: 'usage',
  /** `ref` could not be resolved or checked out in the job's repository. */
  RB8083: 'environment',
  /** The runbook, its people.yaml or its params are invalid; nothing was started. */
  RB8084: 'usage',
  /** `spec.access` does not let `github:<actor>` start the runbook; nothing was started. */
  RB8085: 'usage',
  /** The Temporal frontend did not answer. */
  RB8086: 'environment',
  /** Temporal answered but would not start the run (no such namespace, not allowed, …). */
  RB8089: 'environment',
  /** The run ended in Failed, RolledBack, RollbackFailed or Cancelled. */
  RB8087: 'operation',
  /** `timeout` passed before the run ended; the run was left running. */
  RB8088: 'operation',
} as const satisfies Record<string, RunbookErrorKind>;

export type ActionErrorCode = keyof typeof ACTION_ERROR_CODES;

/**
 * Thrown by the action's modules for anything the job should fail with: the entry prints the
 * message as one `::error title=<code>::` annotation and exits 1 (no stack: none of these is a bug).
 */
export class ActionError extends RunbookError {
  readonly kind: RunbookErrorKind;

  constructor(
    readonly code: ActionErrorCode,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
    this.kind = ACTION_ERROR_CODES[code];
  }
}
