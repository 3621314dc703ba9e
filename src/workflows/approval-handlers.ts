import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { PeopleDirectory } from '../runbook/people/model.js';
import { personOf } from '../runbook/people/persons.js';
import {
  APPROVAL_REFUSED,
  findTarget,
  type PendingApproval,
  refuseVote,
  signatureOf,
  type VoteContext,
} from './approval.js';
import { workflowNow } from './clock.js';
import { approvalSignal, approveUpdate, rejectUpdate } from './definitions.js';
import type { ApprovalDecision, ApprovalVote, RunProgress, StepProgress } from './types.js';
import { recordVote } from './vote-audit.js';

export interface ApprovalState {
  /** Approval steps waiting right now; the interpreter adds and removes them. */
  readonly pending: PendingApproval[];
  readonly stepsByKey: ReadonlyMap<string, StepProgress>;
  readonly progress: RunProgress;
  /** The identity that started the run: its person is the one `allowSelfApproval: false` refuses. */
  readonly runActor: string;
  /** Who is who (the run's people.yaml); votes are counted per person. */
  readonly people: PeopleDirectory;
  /** The run's workflow id: what a vote signature names as its run. */
  readonly runId: string;
  /**
   * The vote public keys recorded with the run (see vote-keys.ts), read at each vote: they are
   * recorded when the run reaches its first approval step; `undefined` until then and in runs
   * started before patch `vote-keys-recorded`.
   */
  readonly voteKeys: () => Readonly<Record<string, string>> | undefined;
}

/**
 * Registers the `approve` / `reject` Updates and the `approval` signal. The Updates' validators
 * refuse a vote (as an `ApprovalRefused` failure) before anything enters history; a signal cannot
 * be refused, so an invalid signal vote is simply not counted.
 */
export function installApprovalHandlers(state: ApprovalState): void {
  const { pending, stepsByKey, progress, runActor, people } = state;
  const refused = (message: string) => ApplicationFailure.nonRetryable(message, APPROVAL_REFUSED);
  const context = (): VoteContext => ({
    starter: runActor,
    people,
    verification: { runId: state.runId, now: workflowNow(), keys: state.voteKeys() },
  });
  let votesCounted = 0;
  const applyVote = (
    decision: ApprovalDecision,
    kind: 'approve' | 'reject',
    via: 'update' | 'signal',
  ): RunProgress => {
    const target = findTarget(pending, decision.stepId);
    if (typeof target === 'string') throw refused(target);
    // The validator refused a signature that does not hold; here it is only read, never refused,
    // so that replaying an accepted vote always takes the same path.
    const verdict = signatureOf(target, decision, context().verification, kind);
    const vote: ApprovalVote = {
      by: personOf(people, decision.approver),
      identity: decision.approver,
      at: workflowNow(),
      ...(decision.reason === undefined ? {} : { reason: decision.reason }),
      verified: verdict.refusal === undefined && verdict.verified,
    };
    votesCounted += 1;
    recordVote(votesCounted, {
      step: target.key,
      decision: kind,
      identity: vote.identity ?? decision.approver,
      person: vote.by,
      verified: vote.verified ?? false,
      at: vote.at,
      via,
    });
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
    const refusal = refuseVote(pending, decision, context(), kind);
    if (refusal !== undefined) throw refused(refusal);
  };
  setHandler(approveUpdate, (decision) => applyVote(decision, 'approve', 'update'), {
    validator: validator('approve'),
  });
  setHandler(rejectUpdate, (decision) => applyVote(decision, 'reject', 'update'), {
    validator: validator('reject'),
  });
  setHandler(approvalSignal, (signal) => {
    if (refuseVote(pending, signal, context(), signal.decision) === undefined) {
      applyVote(signal, signal.decision, 'signal');
    }
  });
}
