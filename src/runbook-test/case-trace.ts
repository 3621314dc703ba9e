// What one `runbook test` case did, as the runner observed it. The runner (src/runbook-test/)
// builds it from the finished run; expectations and coverage both read it, so neither needs to
// know how the run was driven.
import type { RunStatus } from '../workflows/types.js';

/** How an approval step ended in a case. */
export type ApprovalOutcome = 'approved' | 'rejected' | 'timedOut';

export interface CaseTrace {
  /** The runbook's `metadata.name`. */
  readonly runbook: string;
  /** The run's final status. */
  readonly status: RunStatus;
  /** Step ids (`StepProgress.id`, not per-iteration keys) that started, in start order, once each. */
  readonly ran: readonly string[];
  /** Step ids whose `when:` was false (the step was skipped by its condition), in order. */
  readonly skipped: readonly string[];
  /** Every `when:` evaluated: which step, and whether it was true (ran) or false (skipped). */
  readonly whenOutcomes: readonly { readonly step: string; readonly value: boolean }[];
  /** Step ids whose compensation ran, in the order it ran, with its outcome. */
  readonly rolledBack: readonly { readonly step: string; readonly ok: boolean }[];
  /** Each approval step reached, how it ended and who approved (people ids). */
  readonly approvals: readonly {
    readonly step: string;
    readonly outcome: ApprovalOutcome;
    readonly approvers: readonly string[];
  }[];
}
