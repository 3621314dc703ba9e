import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import { findTarget, type PendingApproval, refuseVote } from './approval.js';
import { workflowNow } from './clock.js';
import { approvalSignal, approveUpdate, rejectUpdate } from './definitions.js';
import type { ApprovalDecision, RunProgress, StepProgress } from './types.js';

export interface ApprovalState {
  /** Approval steps waiting right now; the interpreter adds and removes them. */
  readonly pending: PendingApproval[];
  readonly stepsByKey: ReadonlyMap<string, StepProgress>;
  readonly progress: RunProgress;
  /** Who started the run: the person `allowSelfApproval: false` refuses. */
  readonly runActor: string;
}

/**
 * Registers the `approve` / `reject` Updates and the `approval` signal. The Updates' validators
 * refuse a vote before anything enters history; a signal cannot be refused, so an invalid signal
 * vote is simply not counted.
 */
export function installApprovalHandlers(state: ApprovalState): void {
  const { pending, stepsByKey, progress, runActor } = state;
  const applyVote = (decision: ApprovalDecision, kind: 'approve' | 'reject'): RunProgress => {
    const target = findTarget(pending, decision.stepId);
    if (typeof target === 'string')
      throw ApplicationFailure.nonRetryable(target, 'ApprovalRefused');
    const vote = {
      by: decision.approver,
      at: workflowNow(),
      ...(decision.reason === undefined ? {} : { reason: decision.reason }),
    };
    const step = stepsByKey.get(target.key);
    if (kind === 'approve') {
      target.approvals.push(vote);
      if (step !== undefined) step.approvals = [...target.approvals];
    } else {
      target.rejection = vote;
      if (step !== undefined) step.rejection = vote;
    }
    return progress;
  };
  const validator = (kind: 'approve' | 'reject') => (decision: ApprovalDecision) => {
    const refusal = refuseVote(pending, decision, runActor, kind);
    if (refusal !== undefined) throw new Error(refusal);
  };
  setHandler(approveUpdate, (decision) => applyVote(decision, 'approve'), {
    validator: validator('approve'),
  });
  setHandler(rejectUpdate, (decision) => applyVote(decision, 'reject'), {
    validator: validator('reject'),
  });
  setHandler(approvalSignal, (signal) => {
    if (refuseVote(pending, signal, runActor, signal.decision) === undefined) {
      applyVote(signal, signal.decision);
    }
  });
}
