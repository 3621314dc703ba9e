import { type ExpressionContext, renderTemplate } from '../../runbook/expressions.js';
import type { ForEachStep, ParallelStep, Step } from '../../runbook/model.js';
import { forEachItemsProblem } from '../../runbook/runtime-limits.js';
import { runConcurrently } from '../concurrently.js';
import { enforceLimit } from '../runtime-limit.js';
import { StepFailedError } from '../step-values.js';

/** Runs one nested step; `run-step.ts` passes itself, so group modules need not import it. */
export type StepRunner = (
  step: Step,
  key: string,
  depth: number,
  ctx: ExpressionContext,
) => Promise<void>;

/** `parallel:` — every branch at once; the first failure cancels the others. */
export async function executeParallel(
  step: ParallelStep,
  depth: number,
  ctx: ExpressionContext,
  runStep: StepRunner,
): Promise<void> {
  await runConcurrently(
    step.steps.map((child) => () => runStep(child, child.id, depth + 1, ctx)),
    step.steps.length,
  );
}

/**
 * `forEach:` — the nested steps once per item, at most `maxConcurrency` items at once. Each
 * iteration sees the item under `as:` and its own copy of `steps`, keyed `<id>[<index>].<child>`.
 */
export async function executeForEach(
  step: ForEachStep,
  key: string,
  depth: number,
  ctx: ExpressionContext,
  runStep: StepRunner,
): Promise<void> {
  const items = typeof step.items === 'string' ? renderTemplate(step.items, ctx) : step.items;
  if (!Array.isArray(items)) {
    throw new StepFailedError({
      step: key,
      status: 'Failed',
      reason: `items must be a list, got ${JSON.stringify(items)}`,
    });
  }
  enforceLimit(key, forEachItemsProblem(items));
  const tasks = items.map((item, index) => async () => {
    const iterationCtx: ExpressionContext = { ...ctx, steps: { ...ctx.steps }, [step.as]: item };
    for (const child of step.steps) {
      await runStep(child, `${key}[${index}].${child.id}`, depth + 1, iterationCtx);
    }
  });
  await runConcurrently(tasks, step.maxConcurrency);
}
