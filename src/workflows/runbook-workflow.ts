import { CancellationScope, setHandler, sleep } from '@temporalio/workflow';
import type { ExpressionContext } from '../runbook/expressions.js';
import type { RunbookDefinition } from '../runbook/model.js';
import { EMPTY_PEOPLE } from '../runbook/people/model.js';
import { installApprovalHandlers } from './approval-handlers.js';
import { releaseConcurrencySlot } from './concurrency-slot.js';
import { progressQuery } from './definitions.js';
import { recordRunStarted } from './metrics.js';
import {
  endingOf,
  finalStatus,
  finishRun,
  isFinalOrRollingBack,
  type MainEnding,
} from './outcome.js';
import { passPlanBindingGate } from './plan-binding-gate.js';
import { enterConcurrency } from './run-concurrency.js';
import { createRunContext, type RunContext } from './run-context.js';
import { runStep } from './run-step.js';
import { compensate } from './saga.js';
import type { RunbookRunInput, RunbookRunResult, RunFailure } from './types.js';

/**
 * The runbook interpreter: one workflow per run. It walks the validated definition step by
 * step, records every finished step's undo, and on failure, rejection, timeout or cancellation
 * unwinds them in reverse order before running `onFailure`. Each step kind lives in `steps/`.
 * A merge-started run whose plan changed since review first waits at the plan-binding gate.
 */
export async function runbookWorkflow(input: RunbookRunInput): Promise<RunbookRunResult> {
  const run = createRunContext(input);
  recordRunStarted(run);
  setHandler(progressQuery, () => run.progress);
  installApprovalHandlers({
    pending: run.pending,
    stepsByKey: run.stepsByKey,
    progress: run.progress,
    runActor: input.trigger.actor,
    people: input.people ?? EMPTY_PEOPLE,
    runId: run.workflowId,
    voteKeys: () => run.voteKeys,
  });
  const gateEnding = await passPlanBindingGate(run);
  if (gateEnding?.failure !== undefined) {
    run.progress.failure = gateEnding.failure;
    return finishRun(run, gateEnding, finalStatus(gateEnding, false, []));
  }
  const lockKey = await enterConcurrency(run);
  const ending = await runMainSequence(run);
  let outcome = finalStatus(ending, false, []);
  if (ending.failure !== undefined) {
    const hadUndo = run.compensations.length > 0;
    const failedRollbacks = await compensate(run, ending.failure);
    outcome = finalStatus(ending, hadUndo, failedRollbacks);
    run.progress.failure = ending.failure;
    await runOnFailure(run, ending.failure);
  }
  if (lockKey !== undefined) await releaseConcurrencySlot(lockKey);
  return finishRun(run, ending, outcome);
}

/**
 * The steps, in a scope of their own so that the run-level `timeout:` can cancel them and still
 * leave room to compensate (unlike a workflow execution timeout, which just stops).
 */
async function runMainSequence(run: RunContext): Promise<MainEnding> {
  const main = new CancellationScope();
  let timedOut = false;
  const { timeoutMs } = run.definition;
  if (timeoutMs !== undefined) {
    void CancellationScope.nonCancellable(async () => {
      await sleep(timeoutMs);
      if (isFinalOrRollingBack(run.progress.status)) return;
      timedOut = true;
      main.cancel();
    }).catch(() => undefined);
  }
  try {
    await main.run(async () => {
      for (const step of run.definition.steps) await runStep(run, step, step.id, 0, run.root);
    });
    return {};
  } catch (error) {
    return endingOf(error, run.progress, timedOut);
  }
}

/** `onFailure` steps see `failure.*`; they never change the run's outcome and are not cancellable. */
async function runOnFailure(run: RunContext, failure: RunFailure): Promise<void> {
  if (run.definition.onFailure.length === 0) return;
  await CancellationScope.nonCancellable(async () => {
    const ctx: ExpressionContext = { ...run.root, steps: { ...run.root.steps }, failure };
    for (const step of run.definition.onFailure) {
      try {
        await runStep(run, step, `onFailure.${step.id}`, 0, ctx);
      } catch {
        // Already recorded on the step.
      }
    }
  });
}

export type { RunbookDefinition };
