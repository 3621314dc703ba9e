import { type ActivityOptions, patched } from '@temporalio/workflow';
import type { RetrySpec } from '../runbook/model.js';
import {
  API_DEFAULT_RETRY,
  activityOptions,
  COMMAND_RETRIES_LOST_WORKERS,
  DEFAULT_COMMAND_TIMEOUT_MS,
  defaultCommandRetry,
  ROLLBACK_OPTIONS_EVERY_KIND,
  ROLLBACK_RETRY,
  ROLLBACK_TIMEOUT_MS,
  toRetryPolicy,
} from './policies.js';

/** What decides a step's activity options: its kind, its own `timeout:`/`retry:`, the mode. */
export interface StepOptionsRequest {
  readonly key: string;
  readonly mode: 'forward' | 'rollback';
  /** `command` for `run:` steps; `action` for an activity-backed `uses:` step. */
  readonly kind: 'command' | 'action';
  readonly timeoutMs?: number;
  readonly retry?: RetrySpec;
  /** The action's default per-attempt timeout from the registry (ignored for commands). */
  readonly defaultTimeoutMs?: number;
}

/**
 * The one place that chooses activity options for a step, forward or rollback, so the step kinds
 * cannot drift apart. A rollback runs after the step's budget may already be spent, so it gets
 * the rollback budget and retry policy whatever its kind.
 *
 * Runs started before patch `rollback-options-every-kind` gave an action's rollback the step's own
 * timeout; they keep doing so when replayed.
 */
export function stepActivityOptions(request: StepOptionsRequest): ActivityOptions {
  const { key, mode, kind } = request;
  if (mode === 'rollback') {
    const rollbackRetry = toRetryPolicy(undefined, ROLLBACK_RETRY);
    if (kind === 'command')
      return activityOptions(ROLLBACK_TIMEOUT_MS, rollbackRetry, `rollback of ${key}`);
    if (patched(ROLLBACK_OPTIONS_EVERY_KIND)) {
      return activityOptions(ROLLBACK_TIMEOUT_MS, rollbackRetry, `rollback of ${key}`);
    }
    return activityOptions(request.timeoutMs ?? actionDefault(request), rollbackRetry, key);
  }
  if (kind === 'command') {
    return activityOptions(
      request.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
      request.retry !== undefined
        ? toRetryPolicy(request.retry, API_DEFAULT_RETRY)
        : defaultCommandRetry(patched(COMMAND_RETRIES_LOST_WORKERS)),
      key,
    );
  }
  return activityOptions(
    request.timeoutMs ?? actionDefault(request),
    toRetryPolicy(request.retry, API_DEFAULT_RETRY),
    key,
  );
}

/** Undoing a finished step's built-in undo record (e.g. `kubernetesUndo`). */
export function undoActivityOptions(key: string): ActivityOptions {
  return activityOptions(
    ROLLBACK_TIMEOUT_MS,
    toRetryPolicy(undefined, ROLLBACK_RETRY),
    `undo ${key}`,
  );
}

function actionDefault(request: StepOptionsRequest): number {
  if (request.defaultTimeoutMs === undefined) {
    throw new Error(`step ${request.key}: an action without a default timeout; this is a bug`);
  }
  return request.defaultTimeoutMs;
}
