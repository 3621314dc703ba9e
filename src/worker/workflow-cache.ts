/**
 * RUNBOOK_MAX_CACHED_WORKFLOWS: how many runs one worker keeps in its workflow cache. A cached run
 * costs memory outside the JS heap for as long as it waits (about 0.4 MiB for a run waiting on an
 * approval; bench/worker-scale.ts). An evicted run costs nothing while it waits and is replayed
 * from its history when its next event arrives (an approval, a timer), which adds tens of
 * milliseconds to that one task. Unset: the SDK's default, sized from the V8 heap limit (about
 * 2,000 on a 4 GiB heap). docs/deploy.md#sizing says how to choose.
 */
import { RunbookError } from '../runbook/errors.js';

export const MAX_CACHED_WORKFLOWS_SETTING = 'RUNBOOK_MAX_CACHED_WORKFLOWS';

/**
 * Below this the worker cannot run workflow tasks in parallel: the SDK caps concurrent workflow
 * tasks at the cache size, and a run's parallel branches share one task anyway.
 */
export const MIN_CACHED_WORKFLOWS = 2;

/** RUNBOOK_MAX_CACHED_WORKFLOWS is not a whole number of at least 2 (RB9286). */
export class WorkflowCacheSettingError extends RunbookError {
  readonly code = 'RB9286';
  readonly kind = 'environment' as const;
  readonly setting = MAX_CACHED_WORKFLOWS_SETTING;
}

/** The worker's `maxCachedWorkflows` option from the environment; `{}` when unset. */
export function workflowCacheFromEnv(env: NodeJS.ProcessEnv): { maxCachedWorkflows?: number } {
  const raw = env[MAX_CACHED_WORKFLOWS_SETTING]?.trim();
  if (raw === undefined || raw === '') return {};
  const value = /^[0-9]{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= MIN_CACHED_WORKFLOWS)) {
    throw new WorkflowCacheSettingError(
      `${MAX_CACHED_WORKFLOWS_SETTING} must be a whole number of at least ${MIN_CACHED_WORKFLOWS} (runs kept in the worker's workflow cache), not ${JSON.stringify(raw.slice(0, 40))}; unset it for the default`,
    );
  }
  return { maxCachedWorkflows: value };
}
