import { condition } from '@temporalio/workflow';
import type { ActionDefinition } from '../../runbook/actions/index.js';
import { type ExpressionContext, renderTemplate } from '../../runbook/expressions.js';
import type { JsonValue, UsesStep } from '../../runbook/model.js';
import { type ApprovalSpec, type PendingApproval, readApprovalSpec } from '../approval.js';
import { workflowNow } from '../clock.js';
import { type RunContext, setRunStatus } from '../run-context.js';
import { asObject, durationMs, StepFailedError } from '../step-values.js';
import type { ApprovalProgress, StepProgress } from '../types.js';
import { recordVoteKeys } from '../vote-keys.js';
import { checkRenderedInput } from './checked-input.js';

export interface ApprovalOutcome {
  readonly outputs: Record<string, JsonValue>;
  /** `onTimeout: skip` lets the run go on without the approval; the step reads as skipped. */
  readonly skipped: boolean;
}

/**
 * Waits for an approval step's votes (the Update handlers in approval-handlers.ts count them).
 * Resolves when approved, or on timeout with `onTimeout: skip|approve`; throws a `StepFailedError`
 * when rejected or timed out with `onTimeout: reject`.
 */
export async function awaitApproval(
  run: RunContext,
  action: ActionDefinition,
  step: UsesStep,
  key: string,
  entry: StepProgress,
  ctx: ExpressionContext,
): Promise<ApprovalOutcome> {
  const withValue = asObject(renderTemplate(step.with, ctx));
  // `approvers` is left to readApprovalSpec: runs started before people.yaml carry the old keys.
  const { approvers: _approvers, ...checked } = withValue;
  checkRenderedInput(action, key, checked);
  const timeoutMs = durationMs(withValue.timeout) ?? step.timeoutMs;
  const spec = readApprovalSpec(withValue, timeoutMs);
  // Before any vote can reach the step: signed votes are checked with these keys.
  await recordVoteKeys(run);
  const waiting: PendingApproval = { key, stepId: step.id, spec, approvals: [] };
  run.pending.push(waiting);
  entry.status = 'WaitingApproval';
  entry.required = spec.required;
  entry.approvals = [];
  entry.approval = approvalProgress(spec, workflowNow());
  setRunStatus(run, 'WaitingApproval');
  try {
    const decided = () =>
      waiting.rejection !== undefined || waiting.approvals.length >= spec.required;
    let inTime = true;
    if (spec.timeoutMs === undefined) await condition(decided);
    else inTime = await condition(decided, spec.timeoutMs);
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
    const outputs: Record<string, JsonValue> = {
      approvedBy: waiting.approvals.map((v) => v.by),
      timedOut: !inTime,
    };
    return { outputs, skipped: !inTime && spec.onTimeout === 'skip' };
  } finally {
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
