import { patched } from '@temporalio/workflow';
import type { ApprovalSpec, PendingApproval } from './approval.js';
import { waitForVotes } from './approval-wait.js';
import { workflowNow } from './clock.js';
import { endingOf, type MainEnding } from './outcome.js';
import { planBindingApprovers } from './plan-binding-approvers.js';
import type { RunContext } from './run-context.js';
import type { StepProgress } from './types.js';
import { recordVoteKeys } from './vote-keys.js';

/**
 * The gate's key in progress and for `runbook approve --step`. A step id starts with a letter,
 * so no step of a runbook can take this key.
 */
export const PLAN_BINDING_STEP = '_plan-binding';

/** The patch that introduced the gate (docs/versioning.md). */
export const PLAN_BINDING_PATCH = 'plan-binding-gate';

/**
 * A merge-started run whose plan at the merge commit differs from the plan reviewed on the pull
 * request waits here, before any step and before its concurrency slot, for one approval from
 * the people in {@link planBindingApprovers} (never the person who merged). Returns how the run
 * ends when the gate is rejected or the run cancelled meanwhile; `undefined` to go on.
 * The patch is asked only for runs with a differing binding, so other runs record no marker.
 */
export async function passPlanBindingGate(run: RunContext): Promise<MainEnding | undefined> {
  const binding = run.input.planBinding;
  if (binding === undefined) return undefined;
  run.progress.planBinding = binding;
  if (binding.reviewed === binding.actual || !patched(PLAN_BINDING_PATCH)) return undefined;
  const entry: StepProgress = {
    key: PLAN_BINDING_STEP,
    id: PLAN_BINDING_STEP,
    name: 'plan changed since review',
    kind: 'uses',
    action: 'approval',
    depth: 0,
    status: 'Pending',
    attempt: 1,
    startedAt: workflowNow(),
  };
  run.stepsByKey.set(PLAN_BINDING_STEP, entry);
  run.progress.steps.push(entry);
  const spec: ApprovalSpec = {
    message: `The plan at ${run.input.source.commit ?? 'this commit'} differs from the plan reviewed on the pull request (${binding.reviewed} → ${binding.actual}); approve to run what nobody reviewed`,
    approvers: planBindingApprovers(run.definition),
    required: 1,
    allowSelfApproval: false,
    onTimeout: 'reject',
    verified: false,
  };
  const waiting: PendingApproval = {
    key: PLAN_BINDING_STEP,
    stepId: PLAN_BINDING_STEP,
    spec,
    approvals: [],
  };
  try {
    // Signed votes (Slack, GitHub) on the gate are checked with the run's recorded keys.
    await recordVoteKeys(run);
    await waitForVotes(run, waiting, entry);
    entry.status = 'Succeeded';
    entry.finishedAt = workflowNow();
    return undefined;
  } catch (error) {
    const ending = endingOf(error, run.progress, false);
    entry.status = ending.cancellation === undefined ? 'Failed' : 'Cancelled';
    entry.finishedAt = workflowNow();
    if (ending.failure !== undefined) entry.error = ending.failure.reason;
    return ending;
  }
}
