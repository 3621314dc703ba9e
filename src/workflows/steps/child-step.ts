import { executeChild } from '@temporalio/workflow';
import { type ExpressionContext, renderTemplate } from '../../runbook/expressions.js';
import type { ChildRunbookStep, JsonValue } from '../../runbook/model.js';
import { childParams } from '../child-params.js';
import type { RunContext } from '../run-context.js';
import { asObject, StepFailedError } from '../step-values.js';
import type { RunbookRunInput, RunbookRunResult } from '../types.js';

/** The interpreter's workflow type, named rather than imported so the modules form no cycle. */
const RUNBOOK_WORKFLOW_TYPE = 'runbookWorkflow';

/**
 * `runbook:` — runs a child runbook, resolved from the same commit when the run started, as a
 * child workflow with id `<parent id>.<step key>`. Its outputs are the child's step outputs:
 * `steps.<id>.outputs.steps.<child step>.<key>`.
 */
export async function executeChildRunbook(
  run: RunContext,
  step: ChildRunbookStep,
  key: string,
  ctx: ExpressionContext,
): Promise<Record<string, JsonValue>> {
  const { input } = run;
  const child = input.runbooks?.[step.runbook];
  if (child === undefined) {
    throw new StepFailedError({
      step: key,
      status: 'Failed',
      reason: `child runbook "${step.runbook}" was not resolved when the run started`,
    });
  }
  const passed = childParams(child, asObject(renderTemplate(step.params, ctx)), run.secretRefs);
  if (passed.missing.length > 0) {
    throw new StepFailedError({
      step: key,
      status: 'Failed',
      reason: `child runbook "${step.runbook}" needs params ${passed.missing.join(', ')}; pass them in the step's params:`,
    });
  }
  const childInput: RunbookRunInput = {
    ...input,
    definition: child,
    params: passed.params,
    trigger: { kind: 'parent', actor: input.trigger.actor },
  };
  const result = await executeChild<(i: RunbookRunInput) => Promise<RunbookRunResult>>(
    RUNBOOK_WORKFLOW_TYPE,
    { workflowId: `${run.workflowId}.${key}`, args: [childInput], searchAttributes: {} },
  );
  return { status: result.status, steps: result.outputs as unknown as JsonValue };
}
