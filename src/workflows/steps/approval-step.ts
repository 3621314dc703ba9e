import type { ActionDefinition } from '../../runbook/actions/index.js';
import { type ExpressionContext, renderTemplate } from '../../runbook/expressions.js';
import type { JsonValue, UsesStep } from '../../runbook/model.js';
import { type PendingApproval, readApprovalSpec } from '../approval.js';
import { waitForVotes } from '../approval-wait.js';
import type { RunContext } from '../run-context.js';
import { asObject, durationMs } from '../step-values.js';
import type { StepProgress } from '../types.js';
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
  const verdict = await waitForVotes(run, waiting, entry);
  const outputs: Record<string, JsonValue> = {
    approvedBy: verdict.approvedBy,
    timedOut: !verdict.inTime,
  };
  return { outputs, skipped: !verdict.inTime && spec.onTimeout === 'skip' };
}
