import { condition } from '@temporalio/workflow';
import type { ApprovalSpec, PendingApproval } from './approval.js';
import { workflowNow } from './clock.js';
import { type ApprovalOutcome, recordApprovalWait } from './metrics.js';
import { type RunContext, setRunStatus } from './run-context.js';
import { StepFailedError } from './step-values.js';
import type { ApprovalProgress, StepProgress } from './types.js';

export interface ApprovalVerdict {
  readonly approvedBy: string[];
  /** False when the approval timed out (then `spec.onTimeout` said to go on). */
  readonly inTime: boolean;
}

/**
 * Waits for the votes of one waiting approval (the Update handlers in approval-handlers.ts count
 * them): shows the step and the run as WaitingApproval meanwhile. Resolves when approved, or on
 * timeout with `onTimeout: skip|approve`; throws a `StepFailedError` when rejected or timed out
 * with `onTimeout: reject`. Shared by `approval` steps and the plan-binding gate.
 */
export async function waitForVotes(
  run: RunContext,
  waiting: PendingApproval,
  entry: StepProgress,
): Promise<ApprovalVerdict> {
  const { spec, key } = waiting;
  run.pending.push(waiting);
  entry.status = 'WaitingApproval';
  entry.required = spec.required;
  entry.approvals = [];
  const waitingSince = workflowNow();
  entry.approval = approvalProgress(spec, waitingSince);
  setRunStatus(run, 'WaitingApproval');
  // Until a decision is seen, the wait can only end by cancellation.
  let outcome: ApprovalOutcome = 'cancelled';
  try {
    const decided = () =>
      waiting.rejection !== undefined || waiting.approvals.length >= spec.required;
    let inTime = true;
    if (spec.timeoutMs === undefined) await condition(decided);
    else inTime = await condition(decided, spec.timeoutMs);
    if (waiting.rejection !== undefined) outcome = 'rejected';
    else outcome = inTime ? 'approved' : 'timed_out';
    if (waiting.rejection !== undefined) {
      const { by, reason } = waiting.rejection;
      throw new StepFailedError({
        step: key,
        status: 'Rejected',
        reason: `rejected by ${by}${reason ? `: ${reason}` : ''}`,
      });
    }
    if (!inTime && spec.onTimeout === 'reject') {
      throw new StepFailedError({
        step: key,
        status: 'TimedOut',
        reason: `no decision within the approval timeout (${waiting.approvals.length} of ${spec.required} approvals)`,
      });
    }
    return { approvedBy: waiting.approvals.map((v) => v.by), inTime };
  } finally {
    recordApprovalWait(run, outcome, workflowNow() - waitingSince);
    run.pending.splice(run.pending.indexOf(waiting), 1);
    if (run.pending.length === 0 && run.progress.status === 'WaitingApproval') {
      setRunStatus(run, 'Running');
    }
  }
}

/** What progress shows of a waiting approval, for notifiers (buttons, escalation, timeout). */
function approvalProgress(spec: ApprovalSpec, now: number): ApprovalProgress {
  const { escalateAfter } = spec;
  return {
    message: spec.message,
    required: spec.required,
    approvers: spec.approvers,
    allowSelfApproval: spec.allowSelfApproval,
    verified: spec.verified,
    waitingSince: now,
    ...(escalateAfter === undefined
      ? {}
      : {
          escalateAfterMs: escalateAfter.afterMs,
          ...(escalateAfter.channel === undefined
            ? {}
            : { escalateChannel: escalateAfter.channel }),
          ...(escalateAfter.mention === undefined
            ? {}
            : { escalateMention: escalateAfter.mention }),
        }),
    ...(spec.timeoutMs === undefined ? {} : { timeoutAt: now + spec.timeoutMs }),
    onTimeout: spec.onTimeout,
  };
}
