import { ApplicationFailure, isCancellation } from '@temporalio/workflow';
import { workflowNow } from './clock.js';
import { recordOutcomeInMemo } from './outcome-memo.js';
import { type RunContext, setRunStatus } from './run-context.js';
import { describe, StepFailedError } from './step-values.js';
import type { RunbookRunResult, RunFailure, RunProgress, RunStatus } from './types.js';

/** How the main sequence ended, before compensation. */
export interface MainEnding {
  readonly failure?: RunFailure;
  /** Set when the run was cancelled: rethrown at the end so Temporal records it Canceled. */
  readonly cancellation?: unknown;
}

/** Classifies what stopped the main sequence: the run timeout, a cancellation, or a step failure. */
export function endingOf(error: unknown, progress: RunProgress, timedOut: boolean): MainEnding {
  const step = currentStep(progress) ?? '(run)';
  if (timedOut) {
    return { failure: { step, status: 'TimedOut', reason: 'the run exceeded its timeout' } };
  }
  if (isCancellation(error) && !(error instanceof StepFailedError)) {
    return {
      failure: { step, status: 'Cancelled', reason: 'the run was cancelled' },
      cancellation: error,
    };
  }
  const failure =
    error instanceof StepFailedError
      ? error.failure
      : { step: '(run)', status: 'Failed', reason: describe(error) };
  return { failure };
}

/** The final status after compensation: what the run did and what it managed to undo. */
export function finalStatus(
  ending: MainEnding,
  hadUndo: boolean,
  failedRollbacks: readonly string[],
): { status: RunStatus; reason?: string } {
  const { failure } = ending;
  if (failure === undefined) return { status: 'Succeeded' };
  let status: RunStatus;
  if (ending.cancellation !== undefined) status = 'Cancelled';
  else if (failedRollbacks.length > 0) status = 'RollbackFailed';
  else status = hadUndo ? 'RolledBack' : 'Failed';
  const reason =
    failedRollbacks.length > 0
      ? `${failure.reason} (step ${failure.step}); rollback failed for ${failedRollbacks.join(', ')} — the system is partly rolled back, check those steps`
      : `${failure.reason} (step ${failure.step})`;
  return { status, reason };
}

/**
 * Records the final status and returns the result, or throws: a cancellation is rethrown so the
 * execution reads Canceled; any other unsuccessful status is a non-retryable `Run<Status>` failure
 * whose details carry the result, so `runbook status` can show what was rolled back.
 */
export function finishRun(
  run: RunContext,
  ending: MainEnding,
  outcome: { status: RunStatus; reason?: string },
): RunbookRunResult {
  const { progress } = run;
  const { status, reason } = outcome;
  if (reason !== undefined) progress.reason = reason;
  progress.finishedAt = workflowNow();
  setRunStatus(run, status);
  recordOutcomeInMemo(status, reason, ending.failure);
  const result: RunbookRunResult = {
    status,
    ...(reason === undefined ? {} : { reason }),
    ...(ending.failure === undefined ? {} : { failure: ending.failure }),
    outputs: run.stepOutputs,
    progress,
  };
  if (status === 'Succeeded') return result;
  if (status === 'Cancelled') throw ending.cancellation;
  throw ApplicationFailure.create({
    type: `Run${status}`,
    message: `${run.definition.name}: ${status}: ${reason ?? ''}`,
    nonRetryable: true,
    details: [result],
  });
}

/** Whether the run has left the main sequence (so a late run timeout must not cancel anything). */
export function isFinalOrRollingBack(status: RunStatus): boolean {
  return status !== 'Running' && status !== 'WaitingApproval';
}

function currentStep(progress: RunProgress): string | undefined {
  return progress.steps.findLast(
    (s) => s.status === 'Running' || s.status === 'WaitingApproval' || s.status === 'Cancelled',
  )?.key;
}
