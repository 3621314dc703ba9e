/**
 * Thrown by `computeCoverage` when a case's trace does not belong to the runbook it is measured
 * against: another runbook's name (RB9150), or a step the runbook does not have, or a `when:` /
 * approval outcome for a step that has no `when:` / is no approval (RB9151). Both mean the traces
 * come from another version of the runbook than the definition, which is a bug of the caller.
 */
import { RunbookError } from '../runbook/errors.js';

export type CoverageErrorCode = 'RB9150' | 'RB9151';

export class CoverageError extends RunbookError {
  readonly kind = 'usage' as const;

  constructor(
    readonly code: CoverageErrorCode,
    message: string,
    /** The runbook the coverage was computed for. */
    readonly runbook: string,
    /** The step the trace named, for RB9151. */
    readonly step?: string,
  ) {
    super(message);
  }
}
