import { proxyActivities } from '@temporalio/workflow';
import type { ExpressionContext } from '../runbook/expressions.js';
import type { JsonObject, Step } from '../runbook/model.js';
import { unwindCompensations } from './compensation.js';
import { recordCompensation } from './metrics.js';
import { type RunContext, setRunStatus } from './run-context.js';
import { undoActivityOptions } from './step-options.js';
import type { Compensation } from './step-values.js';
import { executeAction } from './steps/action-step.js';
import { executeCommand } from './steps/command-step.js';
import type { RunFailure } from './types.js';

/**
 * Records a step's own `rollback:` on the saga, with the expression context it ran with. The saga
 * rule of docs/runbook-format.md (and `runbook plan`): a failed step's own rollback runs first,
 * then those of completed steps, newest first.
 */
export function pushOwnRollback(
  run: RunContext,
  step: Step,
  key: string,
  ctx: ExpressionContext,
): void {
  if (step.rollback === undefined || step.rollback === 'none') return;
  run.compensations.push({
    key,
    kind: 'step',
    rollback: step.rollback,
    ctx: { ...ctx, steps: { ...ctx.steps } },
  });
}

/**
 * Undoes every finished step in reverse order; never stops at the first failing rollback.
 * Returns the keys whose rollback failed (empty when everything was restored).
 */
export async function compensate(
  run: RunContext,
  failure: RunFailure | undefined,
): Promise<string[]> {
  if (run.compensations.length === 0) return [];
  setRunStatus(run, 'RollingBack');
  return unwindCompensations(run.compensations, run.stepsByKey, async (item) => {
    try {
      await undoOne(run, item, failure);
    } catch (error) {
      recordCompensation(run, true);
      throw error;
    }
    recordCompensation(run, false);
  });
}

/** Runs one saga record: a step's own `rollback:`, or an action's undo activity. */
async function undoOne(
  run: RunContext,
  item: Compensation,
  failure: RunFailure | undefined,
): Promise<void> {
  if (item.kind === 'step') {
    const ctx: ExpressionContext = { ...item.ctx, ...(failure === undefined ? {} : { failure }) };
    if (item.rollback.kind === 'run')
      await executeCommand(run, item.rollback, item.key, ctx, 'rollback');
    else await executeAction(run, item.rollback, item.key, ctx, 'rollback');
    return;
  }
  const activities = proxyActivities<Record<string, (undo: JsonObject) => Promise<unknown>>>(
    undoActivityOptions(item.key),
  );
  const undo = activities[item.activity];
  if (undo === undefined) throw new Error(`no undo activity ${item.activity}; this is a bug`);
  await undo(item.undo);
}
