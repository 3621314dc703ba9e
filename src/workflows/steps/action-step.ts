import { ApplicationFailure, patched, proxyActivities, sleep } from '@temporalio/workflow';
import { type ActionDefinition, findAction } from '../../runbook/actions/index.js';
import { type ExpressionContext, renderTemplate } from '../../runbook/expressions.js';
import type { JsonObject, JsonValue, RollbackStep, UsesStep } from '../../runbook/model.js';
import { renderUrl } from '../../runbook/render-url.js';
import { durationProblem } from '../../runbook/runtime-limits.js';
import { PARTIAL_UNDO_ON_FAILURE, URL_PARTS_ENCODED } from '../policies.js';
import type { RunContext } from '../run-context.js';
import { enforceLimit } from '../runtime-limit.js';
import { stepActivityOptions } from '../step-options.js';
import { asObject, causeChain, durationMs } from '../step-values.js';
import { checkRenderedInput } from './checked-input.js';

export type ActionStep = UsesStep | Extract<RollbackStep, { kind: 'uses' }>;

export interface ActionResult {
  readonly outputs: Record<string, JsonValue>;
  /** The built-in undo record the action returned (e.g. the previous image of a setImage). */
  readonly undo?: JsonObject;
}

type ActionActivities = Record<string, (input: JsonObject) => Promise<unknown>>;

/** The registry entry of a step's action; an unknown name fails the step for good. */
export function actionOf(step: ActionStep, key: string): ActionDefinition {
  const action = findAction(step.action);
  if (action === undefined) {
    throw ApplicationFailure.nonRetryable(
      `step ${key}: no worker implements action "${step.action}"; check the action name against docs/runbook-format.md`,
      'UnknownAction',
    );
  }
  return action;
}

/**
 * Runs an activity-backed `uses:` step (or rollback) — one registry lookup, whatever the action.
 * `sleep` is a durable timer here too, so a rollback may wait. A forward step that fails part-way
 * and hands back a partial undo record (a `kubernetes.apply` that applied some of its objects)
 * gets that record onto the saga, so the part it did is undone with the rest.
 */
export async function executeAction(
  run: RunContext,
  step: ActionStep,
  key: string,
  ctx: ExpressionContext,
  mode: 'forward' | 'rollback',
): Promise<ActionResult> {
  const action = actionOf(step, key);
  const withValue = renderWith(step, action, ctx);
  if (action.runs === 'sleep') {
    checkRenderedInput(action, key, withValue);
    const ms = durationMs(withValue.duration) ?? 0;
    enforceLimit(key, durationProblem(ms));
    await sleep(ms);
    return { outputs: {} };
  }
  if (action.runs !== 'activity' || action.activity === undefined) {
    throw ApplicationFailure.nonRetryable(
      `step ${key}: "${step.action}" cannot run as ${mode === 'rollback' ? 'a rollback' : 'an activity'}`,
      'UnknownAction',
    );
  }
  const options = stepActivityOptions({
    key,
    mode,
    kind: 'action',
    defaultTimeoutMs: action.timeoutMs,
    ...(step.timeoutMs === undefined ? {} : { timeoutMs: step.timeoutMs }),
    ...(step.retry === undefined ? {} : { retry: step.retry }),
  });
  const input: JsonObject = { ...withValue };
  for (const field of action.context ?? []) {
    if (field === 'secretRefs') input.secretRefs = [...run.secretRefs];
    else input.workdir = { ...run.workdir };
  }
  const activity = proxyActivities<ActionActivities>(options)[action.activity];
  if (activity === undefined) throw new Error(`no activity ${action.activity}; this is a bug`);
  try {
    return resultOf(action, await activity(input));
  } catch (error) {
    if (mode === 'forward') keepPartialUndo(run, step, key, action, error);
    throw error;
  }
}

/**
 * The rendered `with:`. URL fields are rendered part by part (values percent-encoded) for runs
 * started after patch `url-parts-encoded`; older runs keep inserting values as text on replay.
 */
function renderWith(
  step: ActionStep,
  action: ActionDefinition,
  ctx: ExpressionContext,
): JsonObject {
  const withValue = asObject(renderTemplate(step.with, ctx));
  for (const field of action.urlFields ?? []) {
    const template = step.with[field];
    if (typeof template !== 'string' || !template.includes('${{')) continue;
    if (!patched(URL_PARTS_ENCODED)) break;
    withValue[field] = renderUrl(template, ctx);
  }
  return withValue;
}

function resultOf(action: ActionDefinition, raw: unknown): ActionResult {
  const value = asObject(raw as JsonValue);
  if (action.result === 'http-response') {
    // Kept as the activity returned them (a missing body stays missing), as before the registry.
    const { status, body, headers } = value as Record<string, JsonValue>;
    return { outputs: { status, body, headers } as Record<string, JsonValue> };
  }
  const outputs = asObject(value.outputs ?? {});
  const undo = value.undo;
  return undo === undefined ? { outputs } : { outputs, undo: asObject(undo) };
}

function keepPartialUndo(
  run: RunContext,
  step: ActionStep,
  key: string,
  action: ActionDefinition,
  error: unknown,
): void {
  if (action.undoesPartialWork !== true || action.undo === undefined) return;
  if ('rollback' in step && step.rollback !== undefined) return;
  const undo = partialUndoOf(error);
  if (undo === undefined) return;
  // Runs that failed this way before the patch left the partial work in place; keep that on replay.
  if (!patched(PARTIAL_UNDO_ON_FAILURE)) return;
  run.compensations.push({ key, kind: 'undo', activity: action.undo.activity, undo });
}

/** The `{ undo }` detail an activity failure carries when it did part of its work. */
export function partialUndoOf(error: unknown): JsonObject | undefined {
  for (const e of causeChain(error)) {
    const details = (e as { details?: unknown }).details;
    if (!Array.isArray(details)) continue;
    for (const detail of details) {
      if (typeof detail === 'object' && detail !== null && 'undo' in detail) {
        const undo = (detail as { undo: unknown }).undo;
        if (typeof undo === 'object' && undo !== null && !Array.isArray(undo))
          return undo as JsonObject;
      }
    }
  }
  return undefined;
}
