import { patched, proxyActivities } from '@temporalio/workflow';
import { type ExpressionContext, renderTemplate } from '../../runbook/expressions.js';
import type { JsonValue, RollbackStep, RunStep } from '../../runbook/model.js';
import { argvElement } from '../../runbook/runtime-limits.js';
import type { StepActivities } from '../activity-types.js';
import { COMMAND_TIMEOUT_GRACE_MS, COMMAND_TIMEOUT_IN_ACTIVITY } from '../policies.js';
import type { RunContext } from '../run-context.js';
import { stepActivityOptions } from '../step-options.js';

export type CommandStep = RunStep | Extract<RollbackStep, { kind: 'run' }>;

/**
 * Runs a `run:` step (or a `run:` rollback) as the `runCommand` activity. argv elements are
 * rendered one by one and stay one element each; a non-string value is passed as JSON.
 */
export async function executeCommand(
  run: RunContext,
  step: CommandStep,
  key: string,
  ctx: ExpressionContext,
  mode: 'forward' | 'rollback',
): Promise<{ outputs: Record<string, JsonValue>; attempt: number }> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.env))
    env[name] = argvElement(renderTemplate(value, ctx));
  const command =
    'argv' in step.command
      ? { argv: step.command.argv.map((arg) => argvElement(renderTemplate(arg, ctx))) }
      : step.command;
  // The command's own limit, enforced by the activity (see COMMAND_TIMEOUT_IN_ACTIVITY).
  const ownLimit =
    mode === 'forward' && step.timeoutMs !== undefined && patched(COMMAND_TIMEOUT_IN_ACTIVITY)
      ? step.timeoutMs
      : undefined;
  const options = stepActivityOptions({
    key,
    mode,
    kind: 'command',
    ...(step.timeoutMs === undefined
      ? {}
      : { timeoutMs: step.timeoutMs + (ownLimit === undefined ? 0 : COMMAND_TIMEOUT_GRACE_MS) }),
    ...(step.retry === undefined ? {} : { retry: step.retry }),
  });
  const result = await proxyActivities<StepActivities>(options).runCommand({
    runId: run.workflowId,
    stepId: mode === 'rollback' ? `${key}.rollback` : key,
    command,
    env,
    secretRefs: run.secretRefs,
    workdir: run.workdir,
    ...(ownLimit === undefined ? {} : { timeoutMs: ownLimit }),
  });
  return { outputs: { ...result.outputs }, attempt: result.attempt };
}
