import {
  ApplicationFailure,
  CancellationScope,
  condition,
  executeChild,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { KUBERNETES_ACTIONS, KUBERNETES_UNDO_ACTIVITY } from '../activities/kubernetes/actions.js';
import type { KubernetesUndoRecord } from '../activities/kubernetes/types.js';
import {
  type ExpressionContext,
  evaluateCondition,
  renderTemplate,
} from '../runbook/expressions.js';
import type {
  JsonObject,
  JsonValue,
  RollbackStep,
  RunbookDefinition,
  Step,
  UsesStep,
} from '../runbook/model.js';
import { EMPTY_PEOPLE } from '../runbook/people/model.js';
import { secretToken } from '../runbook/secret-token.js';
import type { KubernetesActivities, StepActivities } from './activity-types.js';
import { type PendingApproval, readApprovalSpec } from './approval.js';
import { installApprovalHandlers } from './approval-handlers.js';
import { childParams } from './child-params.js';
import { workflowNow } from './clock.js';
import { unwindCompensations } from './compensation.js';
import { acquireConcurrencySlot, releaseConcurrencySlot } from './concurrency-slot.js';
import { progressQuery } from './definitions.js';
import {
  API_DEFAULT_RETRY,
  activityOptions,
  COMMAND_RETRIES_LOST_WORKERS,
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_HTTP_TIMEOUT_MS,
  DEFAULT_KUBERNETES_TIMEOUT_MS,
  defaultCommandRetry,
  ROLLBACK_RETRY,
  ROLLBACK_TIMEOUT_MS,
  toRetryPolicy,
} from './policies.js';
import {
  RunbookCommitKey,
  RunbookNameKey,
  RunStatusKey,
  TriggeredByKey,
} from './search-attributes.js';
import {
  asObject,
  type Compensation,
  describe,
  durationMs,
  EXPRESSION_STATUS,
  folderOf,
  StepFailedError,
  summarize,
} from './step-values.js';
import type {
  RunbookRunInput,
  RunbookRunResult,
  RunFailure,
  RunProgress,
  RunStatus,
  StepProgress,
} from './types.js';

/**
 * The runbook interpreter: one workflow per run. It walks the validated definition step by
 * step, records every finished step's undo, and on failure, rejection, timeout or cancellation
 * unwinds them in reverse order before running `onFailure`.
 */
export async function runbookWorkflow(input: RunbookRunInput): Promise<RunbookRunResult> {
  const { definition, source, trigger } = input;
  const info = workflowInfo();
  const secretRefs: string[] = [];
  const params: Record<string, JsonValue> = {};
  for (const [name, value] of Object.entries(input.params)) {
    const spec = definition.params[name];
    if (spec?.type === 'secret' && typeof value === 'string') {
      secretRefs.push(value);
      params[name] = secretToken(value);
    } else {
      params[name] = value;
    }
  }
  const rootContext: ExpressionContext = {
    params,
    steps: {},
    run: {
      id: info.workflowId,
      commit: source.commit ?? `uncommitted:${source.contentHash ?? ''}`,
      triggeredBy: trigger.actor,
    },
  };
  const progress: RunProgress = {
    runbook: definition.name,
    commit: source.commit,
    triggeredBy: trigger.actor,
    status: 'Running',
    startedAt: workflowNow(),
    steps: [],
  };
  const stepsByKey = new Map<string, StepProgress>();
  const compensations: Compensation[] = [];
  const pending: PendingApproval[] = [];
  const stepOutputs: Record<string, Record<string, JsonValue>> = {};

  const setStatus = (status: RunStatus): void => {
    progress.status = status;
    upsertSearchAttributes([{ key: RunStatusKey, value: status }]);
  };
  upsertSearchAttributes([
    { key: RunbookNameKey, value: definition.name },
    { key: RunbookCommitKey, value: source.commit ?? `uncommitted:${source.contentHash ?? ''}` },
    { key: TriggeredByKey, value: trigger.actor },
    { key: RunStatusKey, value: 'Running' },
  ]);

  setHandler(progressQuery, () => progress);

  installApprovalHandlers({
    pending,
    stepsByKey,
    progress,
    runActor: trigger.actor,
    people: input.people ?? EMPTY_PEOPLE,
  });

  const track = (step: Step, key: string, depth: number): StepProgress => {
    const existing = stepsByKey.get(key);
    if (existing !== undefined) return existing;
    const entry: StepProgress = {
      key,
      id: step.id,
      ...(step.name === undefined ? {} : { name: step.name }),
      kind: step.kind,
      ...(step.kind === 'uses' ? { action: step.action } : {}),
      depth,
      status: 'Pending',
      attempt: 0,
    };
    stepsByKey.set(key, entry);
    progress.steps.push(entry);
    return entry;
  };

  const acts = (options: ReturnType<typeof activityOptions>) =>
    proxyActivities<StepActivities & KubernetesActivities>(options);

  const workdir = () =>
    source.commit === null
      ? { dir: source.dir ?? '.' }
      : { repoPath: source.repo, commit: source.commit, subdir: folderOf(source.path) };

  /** Runs one activity-backed step (or rollback) and returns its outputs and undo record. */
  const runAction = async (
    step: Step | RollbackStep,
    key: string,
    ctx: ExpressionContext,
    mode: 'forward' | 'rollback',
  ): Promise<{
    outputs: Record<string, JsonValue>;
    undo?: KubernetesUndoRecord;
    attempt?: number;
  }> => {
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(step.env)) {
      const rendered = renderTemplate(value, ctx);
      env[name] = typeof rendered === 'string' ? rendered : JSON.stringify(rendered);
    }
    const rollbackOverrides = mode === 'rollback';
    if (step.kind === 'run') {
      const command =
        'argv' in step.command
          ? {
              argv: step.command.argv.map((arg) => {
                const v = renderTemplate(arg, ctx);
                return typeof v === 'string' ? v : JSON.stringify(v);
              }),
            }
          : step.command;
      const options = activityOptions(
        rollbackOverrides ? ROLLBACK_TIMEOUT_MS : (step.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS),
        rollbackOverrides
          ? toRetryPolicy(undefined, ROLLBACK_RETRY)
          : step.retry !== undefined
            ? toRetryPolicy(step.retry, API_DEFAULT_RETRY)
            : defaultCommandRetry(patched(COMMAND_RETRIES_LOST_WORKERS)),
        `${mode === 'rollback' ? 'rollback of ' : ''}${key}`,
      );
      const result = await acts(options).runCommand({
        runId: info.workflowId,
        stepId: mode === 'rollback' ? `${key}.rollback` : key,
        command,
        env,
        secretRefs,
        workdir: workdir(),
      });
      return { outputs: { ...result.outputs }, attempt: result.attempt };
    }
    if (step.kind !== 'uses')
      throw new Error(`a ${String((step as Step).kind)} step has no action`);
    const withValue = asObject(renderTemplate(step.with, ctx));
    if (step.action === 'http.request') {
      const options = activityOptions(
        step.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS,
        rollbackOverrides
          ? toRetryPolicy(undefined, ROLLBACK_RETRY)
          : toRetryPolicy(step.retry, API_DEFAULT_RETRY),
        key,
      );
      const response = await acts(options).httpRequest({ ...withValue, secretRefs } as never);
      return {
        outputs: {
          status: response.status,
          body: response.body as JsonValue,
          headers: response.headers as unknown as JsonValue,
        },
      };
    }
    const kubernetes = KUBERNETES_ACTIONS[step.action];
    if (kubernetes !== undefined) {
      const options = activityOptions(
        step.timeoutMs ?? DEFAULT_KUBERNETES_TIMEOUT_MS,
        rollbackOverrides
          ? toRetryPolicy(undefined, ROLLBACK_RETRY)
          : toRetryPolicy(step.retry, API_DEFAULT_RETRY),
        key,
      );
      const result = await acts(options)[kubernetes.activity]({ ...withValue, workdir: workdir() });
      return {
        outputs: result.outputs,
        ...(result.undo === undefined ? {} : { undo: result.undo }),
      };
    }
    throw ApplicationFailure.nonRetryable(
      `step ${key}: no worker implements action "${step.action}"; check the action name against docs/runbook-format.md`,
      'UnknownAction',
    );
  };

  /** Waits for an approval step; resolves when approved, throws when rejected or timed out. */
  const awaitApproval = async (
    step: UsesStep,
    key: string,
    entry: StepProgress,
    ctx: ExpressionContext,
  ): Promise<{ outputs: Record<string, JsonValue>; skipped: boolean }> => {
    const withValue = asObject(renderTemplate(step.with, ctx));
    const timeoutMs = durationMs(withValue.timeout) ?? step.timeoutMs;
    const spec = readApprovalSpec(withValue, timeoutMs);
    const waiting: PendingApproval = { key, stepId: step.id, spec, approvals: [] };
    pending.push(waiting);
    entry.status = 'WaitingApproval';
    entry.required = spec.required;
    entry.approvals = [];
    setStatus('WaitingApproval');
    try {
      const decided = () =>
        waiting.rejection !== undefined || waiting.approvals.length >= spec.required;
      let inTime = true;
      if (spec.timeoutMs === undefined) await condition(decided);
      else inTime = await condition(decided, spec.timeoutMs);
      if (waiting.rejection !== undefined) {
        throw new StepFailedError({
          step: key,
          status: 'Rejected',
          reason: `rejected by ${waiting.rejection.by}${waiting.rejection.reason ? `: ${waiting.rejection.reason}` : ''}`,
        });
      }
      if (!inTime && spec.onTimeout === 'reject') {
        throw new StepFailedError({
          step: key,
          status: 'TimedOut',
          reason: `no decision within the approval timeout (${waiting.approvals.length} of ${spec.required} approvals)`,
        });
      }
      const outputs: Record<string, JsonValue> = {
        approvedBy: waiting.approvals.map((v) => v.by),
        timedOut: !inTime,
      };
      // `onTimeout: skip` lets the run go on without the approval; the step reads as skipped.
      return { outputs, skipped: !inTime && spec.onTimeout === 'skip' };
    } finally {
      pending.splice(pending.indexOf(waiting), 1);
      if (pending.length === 0 && progress.status === 'WaitingApproval') setStatus('Running');
    }
  };

  const runStep = async (
    step: Step,
    key: string,
    depth: number,
    ctx: ExpressionContext,
  ): Promise<void> => {
    const entry = track(step, key, depth);
    if (step.when !== undefined && !evaluateCondition(step.when, ctx)) {
      entry.status = 'Skipped';
      ctx.steps[step.id] = { status: EXPRESSION_STATUS.skipped, outputs: {} };
      return;
    }
    entry.status = 'Running';
    entry.startedAt = workflowNow();
    entry.attempt = 1;
    // The saga rule of docs/runbook-format.md (and `runbook plan`): a failed step's own rollback
    // runs first, then those of completed steps, newest first.
    const pushOwnRollback = () => {
      if (step.rollback !== undefined && step.rollback !== 'none') {
        compensations.push({
          key,
          kind: 'step',
          rollback: step.rollback,
          ctx: { ...ctx, steps: { ...ctx.steps } },
        });
      }
    };
    let skipped = false;
    try {
      let outputs: Record<string, JsonValue> = {};
      const body = async () => {
        switch (step.kind) {
          case 'run': {
            const result = await runAction(step, key, ctx, 'forward');
            outputs = result.outputs;
            entry.attempt = result.attempt ?? entry.attempt;
            return;
          }
          case 'uses': {
            if (step.action === 'approval') {
              const decision = await awaitApproval(step, key, entry, ctx);
              outputs = decision.outputs;
              skipped = decision.skipped;
              entry.status = 'Running';
              return;
            }
            if (step.action === 'sleep') {
              await sleep(durationMs(asObject(renderTemplate(step.with, ctx)).duration) ?? 0);
              return;
            }
            const result = await runAction(step, key, ctx, 'forward');
            outputs = result.outputs;
            const automatic = KUBERNETES_ACTIONS[step.action];
            if (
              result.undo !== undefined &&
              automatic?.hasAutomaticUndo === true &&
              step.rollback === undefined
            ) {
              compensations.push({
                key,
                kind: 'kubernetes',
                undo: result.undo,
              });
            }
            return;
          }
          case 'parallel': {
            await runConcurrently(
              step.steps.map((child) => () => runStep(child, child.id, depth + 1, ctx)),
              step.steps.length,
            );
            return;
          }
          case 'forEach': {
            const items =
              typeof step.items === 'string' ? renderTemplate(step.items, ctx) : step.items;
            if (!Array.isArray(items)) {
              throw new StepFailedError({
                step: key,
                status: 'Failed',
                reason: `items must be a list, got ${JSON.stringify(items)}`,
              });
            }
            const tasks = items.map((item, index) => async () => {
              const iterationCtx: ExpressionContext = {
                ...ctx,
                steps: { ...ctx.steps },
                [step.as]: item,
              };
              for (const child of step.steps) {
                await runStep(child, `${key}[${index}].${child.id}`, depth + 1, iterationCtx);
              }
            });
            await runConcurrently(tasks, step.maxConcurrency);
            return;
          }
          case 'runbook': {
            const child = input.runbooks?.[step.runbook];
            if (child === undefined) {
              throw new StepFailedError({
                step: key,
                status: 'Failed',
                reason: `child runbook "${step.runbook}" was not resolved when the run started`,
              });
            }
            const passed = childParams(
              child,
              asObject(renderTemplate(step.params, ctx)),
              secretRefs,
            );
            if (passed.missing.length > 0) {
              throw new StepFailedError({
                step: key,
                status: 'Failed',
                reason: `child runbook "${step.runbook}" needs params ${passed.missing.join(', ')}; pass them in the step's params:`,
              });
            }
            const result = await executeChild(runbookWorkflow, {
              workflowId: `${info.workflowId}.${key}`,
              args: [
                {
                  ...input,
                  definition: child,
                  params: passed.params,
                  trigger: { kind: 'parent', actor: trigger.actor },
                },
              ],
              searchAttributes: {},
            });
            // The child's step outputs, by step key: `steps.<id>.outputs.steps.<child step>.<key>`.
            outputs = { status: result.status, steps: result.outputs };
            return;
          }
          default: {
            const unreachable: never = step;
            throw new Error(`unknown step kind ${JSON.stringify(unreachable)}`);
          }
        }
      };
      if (
        step.timeoutMs !== undefined &&
        (step.kind === 'parallel' || step.kind === 'forEach' || step.kind === 'runbook')
      ) {
        await CancellationScope.withTimeout(step.timeoutMs, body);
      } else {
        await body();
      }
      for (const [name, template] of Object.entries(step.outputs)) {
        outputs[name] = renderTemplate(template, {
          ...ctx,
          steps: { ...ctx.steps, [step.id]: { status: EXPRESSION_STATUS.succeeded, outputs } },
        });
      }
      entry.status = skipped ? 'Skipped' : 'Succeeded';
      entry.finishedAt = workflowNow();
      entry.outputs = summarize(outputs);
      ctx.steps[step.id] = {
        status: skipped ? EXPRESSION_STATUS.skipped : EXPRESSION_STATUS.succeeded,
        outputs,
      };
      stepOutputs[key] = outputs;
      pushOwnRollback();
    } catch (error) {
      entry.finishedAt = workflowNow();
      if (isCancellation(error) && !(error instanceof StepFailedError)) {
        entry.status = 'Cancelled';
        // An interrupted step may have done part of its work: undo it like a failed one.
        pushOwnRollback();
        throw error;
      }
      const failure =
        error instanceof StepFailedError
          ? error.failure
          : { step: key, status: 'Failed', reason: describe(error) };
      entry.status = 'Failed';
      entry.error = failure.reason;
      ctx.steps[step.id] = { status: EXPRESSION_STATUS.failed, outputs: {} };
      if (step.continueOnError) return;
      pushOwnRollback();
      throw error instanceof StepFailedError
        ? error
        : new StepFailedError(failure, { cause: error });
    }
  };

  /** Runs tasks with at most `limit` at once; the first failure cancels the rest. */
  const runConcurrently = async (
    tasks: Array<() => Promise<void>>,
    limit: number,
  ): Promise<void> => {
    const scope = new CancellationScope();
    await scope.run(async () => {
      let next = 0;
      let firstError: unknown;
      const lane = async () => {
        while (next < tasks.length && firstError === undefined) {
          const task = tasks[next++];
          if (task === undefined) return;
          try {
            await task();
          } catch (error) {
            if (firstError === undefined) {
              firstError = error;
              scope.cancel();
            }
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, lane));
      if (firstError !== undefined) throw firstError;
    });
  };

  /** Undoes every finished step in reverse order; never stops at the first failing rollback. */
  const compensate = async (failure: RunFailure | undefined): Promise<string[]> => {
    if (compensations.length === 0) return [];
    setStatus('RollingBack');
    return unwindCompensations(compensations, stepsByKey, async (item) => {
      if (item.kind === 'step') {
        const rollbackCtx: ExpressionContext = {
          ...item.ctx,
          ...(failure === undefined ? {} : { failure }),
        };
        await runAction(item.rollback, item.key, rollbackCtx, 'rollback');
        return;
      }
      const options = activityOptions(
        ROLLBACK_TIMEOUT_MS,
        toRetryPolicy(undefined, ROLLBACK_RETRY),
        `undo ${item.key}`,
      );
      await acts(options)[KUBERNETES_UNDO_ACTIVITY](item.undo as unknown as JsonObject);
    });
  };

  const runOnFailure = async (failure: RunFailure): Promise<void> => {
    if (definition.onFailure.length === 0) return;
    await CancellationScope.nonCancellable(async () => {
      const ctx: ExpressionContext = { ...rootContext, steps: { ...rootContext.steps }, failure };
      for (const step of definition.onFailure) {
        try {
          await runStep(step, `onFailure.${step.id}`, 0, ctx);
        } catch {
          // Already recorded on the step; onFailure steps never change the run's outcome.
        }
      }
    });
  };

  // spec.concurrency: runs with the same rendered key never overlap. The lock workflow answers
  // with a signal: granted, queued (then granted later) or refused.
  let lockKey: string | undefined;
  if (definition.concurrency !== undefined) {
    const key = String(renderTemplate(definition.concurrency.key, rootContext));
    lockKey = key;
    const answer = await acquireConcurrencySlot(key, definition.concurrency.onConflict, (queue) => {
      progress.queue = { key, ...queue };
      setStatus('Queued');
    });
    delete progress.queue;
    if (!answer.granted) {
      const reason = `another run (${answer.holder}) holds concurrency key "${key}" and this runbook says onConflict: reject; wait for it to finish, or set onConflict: queue`;
      progress.reason = reason;
      progress.finishedAt = workflowNow();
      setStatus('Failed');
      const result: RunbookRunResult = { status: 'Failed', reason, outputs: {}, progress };
      throw ApplicationFailure.create({
        type: 'ConcurrencyConflict',
        message: reason,
        nonRetryable: true,
        details: [result],
      });
    }
    setStatus('Running');
  }

  // The main sequence runs in its own scope so that the run-level timeout can cancel it and
  // still leave room to compensate (unlike a workflow execution timeout, which just stops).
  const main = new CancellationScope();
  let timedOut = false;
  if (definition.timeoutMs !== undefined) {
    const timeoutMs = definition.timeoutMs;
    void CancellationScope.nonCancellable(async () => {
      await sleep(timeoutMs);
      if (FINAL_OR_ROLLING(progress.status)) return;
      timedOut = true;
      main.cancel();
    }).catch(() => undefined);
  }

  let failure: RunFailure | undefined;
  let cancelled = false;
  let cancellation: unknown;
  try {
    await main.run(async () => {
      for (const step of definition.steps) await runStep(step, step.id, 0, rootContext);
    });
  } catch (error) {
    if (timedOut) {
      failure = {
        step: currentStep(progress) ?? '(run)',
        status: 'TimedOut',
        reason: `the run exceeded its timeout`,
      };
    } else if (isCancellation(error) && !(error instanceof StepFailedError)) {
      cancelled = true;
      cancellation = error;
      failure = {
        step: currentStep(progress) ?? '(run)',
        status: 'Cancelled',
        reason: 'the run was cancelled',
      };
    } else {
      failure =
        error instanceof StepFailedError
          ? error.failure
          : { step: '(run)', status: 'Failed', reason: describe(error) };
    }
  }

  let status: RunStatus = 'Succeeded';
  let reason: string | undefined;
  if (failure !== undefined) {
    const hadUndo = compensations.length > 0;
    const failedRollbacks = await compensate(failure);
    if (cancelled) status = 'Cancelled';
    else if (failedRollbacks.length > 0) status = 'RollbackFailed';
    else status = hadUndo ? 'RolledBack' : 'Failed';
    reason =
      failedRollbacks.length > 0
        ? `${failure.reason} (step ${failure.step}); rollback failed for ${failedRollbacks.join(', ')} — the system is partly rolled back, check those steps`
        : `${failure.reason} (step ${failure.step})`;
    progress.failure = failure;
    await runOnFailure(failure);
  }
  if (lockKey !== undefined) await releaseConcurrencySlot(lockKey);
  if (reason !== undefined) progress.reason = reason;
  progress.finishedAt = workflowNow();
  setStatus(status);
  const result: RunbookRunResult = {
    status,
    ...(reason === undefined ? {} : { reason }),
    ...(failure === undefined ? {} : { failure }),
    outputs: stepOutputs,
    progress,
  };
  if (status === 'Succeeded') return result;
  // Rethrowing the cancellation marks the execution Canceled (not Completed) in Temporal; the
  // `progress` query still tells what was rolled back.
  if (status === 'Cancelled') throw cancellation;
  throw ApplicationFailure.create({
    type: `Run${status}`,
    message: `${definition.name}: ${status}: ${reason ?? ''}`,
    nonRetryable: true,
    details: [result],
  });
}

function FINAL_OR_ROLLING(status: RunStatus): boolean {
  return status !== 'Running' && status !== 'WaitingApproval';
}

function currentStep(progress: RunProgress): string | undefined {
  return progress.steps.findLast(
    (s) => s.status === 'Running' || s.status === 'WaitingApproval' || s.status === 'Cancelled',
  )?.key;
}

export type { RunbookDefinition };
