import type { ActivityOptions, RetryPolicy } from '@temporalio/workflow';
import type { RetrySpec } from '../runbook/model.js';

/** A `run:` step without `timeout:` may take this long per attempt. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 30 * 60 * 1000;
/** An `http.request` without `timeout:`. */
export const DEFAULT_HTTP_TIMEOUT_MS = 60 * 1000;
/** A Kubernetes action without `timeout:` (rollouts can take a while). */
export const DEFAULT_KUBERNETES_TIMEOUT_MS = 15 * 60 * 1000;
/** Rollbacks get their own budget: they run after the step's budget may have been spent. */
export const ROLLBACK_TIMEOUT_MS = 15 * 60 * 1000;
/** Long activities heartbeat; a worker that dies is noticed within this. */
export const HEARTBEAT_TIMEOUT_MS = 20 * 1000;

/**
 * Before patch `COMMAND_RETRIES_LOST_WORKERS`: a `run:` step without `retry:` had exactly one
 * attempt, so a worker killed mid-step failed the run. Kept for replaying runs started then.
 */
export const COMMAND_DEFAULT_RETRY_V1: RetryPolicy = { maximumAttempts: 1 };

/**
 * Commands are not assumed idempotent: without `retry:`, a command that exits non-zero is not
 * run again (`CommandFailed` is non-retryable). A lost attempt — the worker died, the heartbeat
 * stopped — is retried, with the same `RUNBOOK_STEP_ID` and a higher `RUNBOOK_ATTEMPT`, so the
 * step can tell it is resuming.
 */
export const COMMAND_DEFAULT_RETRY: RetryPolicy = {
  maximumAttempts: 10,
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
};

/** The patch id guarding {@link COMMAND_DEFAULT_RETRY}; see docs/versioning.md. */
export const COMMAND_RETRIES_LOST_WORKERS = 'command-retries-lost-workers';

/**
 * The patch id under which a rollback of any kind of step (not only `run:`) gets
 * {@link ROLLBACK_TIMEOUT_MS} and {@link ROLLBACK_RETRY}; before it, an `http.request` or
 * Kubernetes rollback kept the step's own timeout. See docs/versioning.md.
 */
export const ROLLBACK_OPTIONS_EVERY_KIND = 'rollback-options-every-kind';

/**
 * The patch id under which a step that fails part-way hands its partial undo record (e.g. the
 * objects a `kubernetes.apply` applied before failing) to the saga. See docs/versioning.md.
 */
export const PARTIAL_UNDO_ON_FAILURE = 'partial-undo-on-failure';

/** A `run:` step's retry policy when the step has no `retry:`. */
export function defaultCommandRetry(retriesLostWorkers: boolean): RetryPolicy {
  if (!retriesLostWorkers)
    return { ...COMMAND_DEFAULT_RETRY_V1, nonRetryableErrorTypes: NON_RETRYABLE_TYPES };
  return {
    ...COMMAND_DEFAULT_RETRY,
    nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES, 'CommandFailed', 'CommandTimedOut'],
  };
}

/** HTTP and Kubernetes calls retry transient failures by default. */
export const API_DEFAULT_RETRY: RetryPolicy = {
  maximumAttempts: 5,
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '30 seconds',
};

/** Compensation must try hard: a rollback that gives up leaves the system half undone. */
export const ROLLBACK_RETRY: RetryPolicy = {
  maximumAttempts: 5,
  initialInterval: '2 seconds',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
};

/** Failure types that no retry can fix. */
export const NON_RETRYABLE_TYPES = [
  'CommandNotFound',
  'SecretNotDeclared',
  'KubernetesForbidden',
  'KubernetesNotFound',
  'InvalidInput',
];

export function toRetryPolicy(spec: RetrySpec | undefined, fallback: RetryPolicy): RetryPolicy {
  if (spec === undefined) return { ...fallback, nonRetryableErrorTypes: NON_RETRYABLE_TYPES };
  return {
    maximumAttempts: spec.maxAttempts,
    initialInterval: spec.initialIntervalMs,
    backoffCoefficient: spec.backoff,
    ...(spec.maxIntervalMs === undefined ? {} : { maximumInterval: spec.maxIntervalMs }),
    nonRetryableErrorTypes: NON_RETRYABLE_TYPES,
  };
}

export function activityOptions(
  timeoutMs: number,
  retry: RetryPolicy,
  summary: string,
): ActivityOptions {
  return {
    startToCloseTimeout: timeoutMs,
    heartbeatTimeout: HEARTBEAT_TIMEOUT_MS,
    retry,
    summary,
    // Wait for the activity to acknowledge cancellation, so a cancelled command's process tree
    // is gone before compensation starts.
    cancellationType: 'WAIT_CANCELLATION_COMPLETED',
  };
}

/** Asking the concurrency lock is a quick signal-with-start; retried while the server is away. */
export const LOCK_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { ...API_DEFAULT_RETRY, maximumAttempts: Number.POSITIVE_INFINITY },
  summary: 'acquire concurrency lock',
};

/**
 * The patch id under which the URL fields of an action (`http.request`'s `url`) are rendered with
 * `renderUrl`: every value inside the URL is percent-encoded, so a param cannot add a path,
 * query or fragment. Before it, values were inserted as text. See docs/security.md.
 */
export const URL_PARTS_ENCODED = 'url-parts-encoded';

/**
 * The patch id under which a `run:` step's `timeout:` is enforced by the activity itself (it stops
 * the command and fails `CommandTimedOut` naming the limit, which is not retried without `retry:`),
 * with the activity's own timeout {@link COMMAND_TIMEOUT_GRACE_MS} later as a safety net. Before it,
 * the activity's StartToClose timeout fired and was retried like a lost worker.
 */
export const COMMAND_TIMEOUT_IN_ACTIVITY = 'command-timeout-in-activity';

/** Room after a command's own timeout to stop its process group and report. */
export const COMMAND_TIMEOUT_GRACE_MS = 30 * 1000;

/**
 * The patch id under which the workflow checks the rendered `with:` of `approval` and `sleep`
 * against the registry's schema (no activity does) and fails the step naming the field.
 */
export const WORKFLOW_CHECKS_RENDERED_INPUT = 'workflow-checks-rendered-input';

/**
 * The patch id under which values rendered at run time are held to the documented limits
 * (`forEach` items, output sizes, `sleep` durations); see src/workflows/runtime-limit.ts.
 */
export const RUNTIME_LIMITS_ENFORCED = 'runtime-limits-enforced';

/**
 * The patch id under which a run records the vote public keys (activity `voteVerificationKeys`)
 * when it reaches its first approval step, and checks signed votes with them. See
 * docs/security.md#verified-votes and docs/versioning.md.
 */
export const VOTE_KEYS_RECORDED = 'vote-keys-recorded';

/** Reading the worker's vote keys is instant; a lost attempt is retried, a bad setting is not. */
export const VOTE_KEYS_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { ...API_DEFAULT_RETRY, nonRetryableErrorTypes: ['VoteKeysInvalid'] },
  summary: 'record vote public keys',
};

/**
 * The patch id under which each counted vote is also recorded in the run's history as a memo
 * field `runbook.vote.<n>` with the run's own verdict on it (verified or not); `runbook audit`
 * reads them (docs/audit.md). Runs started before it keep their votes in the Update and signal
 * events only.
 */
export const VOTE_VERDICTS_RECORDED = 'vote-verdicts-recorded';
