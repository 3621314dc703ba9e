import {
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  TimeoutFailure,
} from '@temporalio/workflow';
import {
  type ExpressionContext,
  evaluateCondition,
  renderTemplate,
} from '../runbook/expressions.js';
import type { JsonValue, Step } from '../runbook/model.js';
import { outputValueProblem } from '../runbook/runtime-limits.js';
import { workflowNow } from './clock.js';
import { recordStepDuration } from './metrics.js';
import { type RunContext, trackStep } from './run-context.js';
import { enforceLimit } from './runtime-limit.js';
import { pushOwnRollback } from './saga.js';
import {
  causeChain,
  describe,
  EXPRESSION_STATUS,
  StepFailedError,
  summarize,
} from './step-values.js';
import { actionOf, executeAction } from './steps/action-step.js';
import { awaitApproval } from './steps/approval-step.js';
import { executeChildRunbook } from './steps/child-step.js';
import { executeCommand } from './steps/command-step.js';
import { executeForEach, executeParallel } from './steps/group-steps.js';
import type { StepProgress } from './types.js';

interface BodyResult {
  readonly outputs: Record<string, JsonValue>;
  readonly skipped?: boolean;
  readonly attempt?: number;
}

/**
 * Runs one step: `when:`, the kind's own module, `outputs:`, progress, and the saga record.
 * A failure is recorded on the step and rethrown as a `StepFailedError` unless
 * `continueOnError`; a cancellation is rethrown as is, after the step's own rollback is kept.
 */
export async function runStep(
  run: RunContext,
  step: Step,
  key: string,
  depth: number,
  ctx: ExpressionContext,
): Promise<void> {
  const entry = trackStep(run, step, key, depth);
  if (step.when !== undefined && !evaluateCondition(step.when, ctx)) {
    entry.status = 'Skipped';
    ctx.steps[step.id] = { status: EXPRESSION_STATUS.skipped, outputs: {} };
    return;
  }
  entry.status = 'Running';
  const startedAt = workflowNow();
  entry.startedAt = startedAt;
  entry.attempt = 1;
  try {
    let result: BodyResult = { outputs: {} };
    const body = async () => {
      result = await executeBody(run, step, key, depth, ctx, entry);
    };
    // Activity-backed steps pass `timeout:` to the activity; group steps get a cancelling scope.
    const grouped = step.kind === 'parallel' || step.kind === 'forEach' || step.kind === 'runbook';
    if (step.timeoutMs !== undefined && grouped) {
      await CancellationScope.withTimeout(step.timeoutMs, body);
    } else {
      await body();
    }
    const outputs = { ...result.outputs };
    if (result.attempt !== undefined) entry.attempt = result.attempt;
    for (const [name, template] of Object.entries(step.outputs)) {
      outputs[name] = renderTemplate(template, {
        ...ctx,
        steps: { ...ctx.steps, [step.id]: { status: EXPRESSION_STATUS.succeeded, outputs } },
      });
      enforceLimit(key, outputValueProblem(name, outputs[name]));
    }
    const skipped = result.skipped === true;
    entry.status = skipped ? 'Skipped' : 'Succeeded';
    entry.finishedAt = workflowNow();
    recordStepDuration(step, skipped ? 'skipped' : 'succeeded', entry.finishedAt - startedAt);
    entry.outputs = summarize(outputs);
    ctx.steps[step.id] = {
      status: skipped ? EXPRESSION_STATUS.skipped : EXPRESSION_STATUS.succeeded,
      outputs,
    };
    run.stepOutputs[key] = outputs;
    pushOwnRollback(run, step, key, ctx);
  } catch (error) {
    const finishedAt = workflowNow();
    entry.finishedAt = finishedAt;
    if (isCancellation(error) && !(error instanceof StepFailedError)) {
      entry.status = 'Cancelled';
      recordStepDuration(step, 'cancelled', finishedAt - startedAt);
      // An interrupted step may have done part of its work: undo it like a failed one.
      pushOwnRollback(run, step, key, ctx);
      throw error;
    }
    const failure =
      error instanceof StepFailedError
        ? error.failure
        : { step: key, status: failureStatus(error), reason: describe(error) };
    entry.status = 'Failed';
    entry.error = failure.reason;
    const outcome = failure.status === 'TimedOut' ? 'timed_out' : 'failed';
    recordStepDuration(step, outcome, finishedAt - startedAt);
    ctx.steps[step.id] = { status: EXPRESSION_STATUS.failed, outputs: {} };
    if (step.continueOnError) return;
    pushOwnRollback(run, step, key, ctx);
    throw error instanceof StepFailedError ? error : new StepFailedError(failure, { cause: error });
  }
}

/** `TimedOut` when the step ran out of its own `timeout:`, else `Failed`. */
function failureStatus(error: unknown): string {
  for (const e of causeChain(error)) {
    if (e instanceof ApplicationFailure && e.type === 'CommandTimedOut') return 'TimedOut';
    if (e instanceof TimeoutFailure) return 'TimedOut';
  }
  return 'Failed';
}

/** The part that differs per step kind: one module each, chosen by an exhaustive switch. */
async function executeBody(
  run: RunContext,
  step: Step,
  key: string,
  depth: number,
  ctx: ExpressionContext,
  entry: StepProgress,
): Promise<BodyResult> {
  const nested = (child: Step, childKey: string, childDepth: number, c: ExpressionContext) =>
    runStep(run, child, childKey, childDepth, c);
  switch (step.kind) {
    case 'run':
      return executeCommand(run, step, key, ctx, 'forward');
    case 'uses': {
      const action = actionOf(step, key);
      if (action.runs === 'approval') {
        const decision = await awaitApproval(run, action, step, key, entry, ctx);
        entry.status = 'Running';
        return decision;
      }
      const result = await executeAction(run, step, key, ctx, 'forward');
      if (result.undo !== undefined && action.undo !== undefined && step.rollback === undefined) {
        run.compensations.push({
          key,
          kind: 'undo',
          activity: action.undo.activity,
          undo: result.undo,
        });
      }
      return result;
    }
    case 'parallel':
      await executeParallel(step, depth, ctx, nested);
      return { outputs: {} };
    case 'forEach':
      await executeForEach(step, key, depth, ctx, nested);
      return { outputs: {} };
    case 'runbook':
      return { outputs: await executeChildRunbook(run, step, key, ctx) };
    default: {
      const unreachable: never = step;
      throw new Error(`unknown step kind ${JSON.stringify(unreachable)}; this is a bug`);
    }
  }
}
