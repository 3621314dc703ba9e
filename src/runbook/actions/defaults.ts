/**
 * Default per-attempt timeouts of the action activities, used when a step sets no `timeout:`.
 * Named here, beside the actions they belong to, so the registry and the workflow's activity
 * options read the same numbers.
 */

/** An `http.request` without `timeout:`: one request, plus the time to read its bounded body. */
export const DEFAULT_HTTP_TIMEOUT_MS = 60 * 1000;

/** A Kubernetes action without `timeout:` (rollouts and waits can take a while). */
export const DEFAULT_KUBERNETES_TIMEOUT_MS = 15 * 60 * 1000;

/**
 * A `slack.*` action without `timeout:`: one Web API call (10 s each) and the client's few quick
 * retries of a lost connection; a rate limit is left to the activity's retry policy instead.
 */
export const DEFAULT_SLACK_TIMEOUT_MS = 60 * 1000;

/** `approval` and `sleep` run in the workflow, not as an activity: no per-attempt timeout. */
export const NO_ACTIVITY_TIMEOUT_MS = 0;

/**
 * A GitHub action without `timeout:`: a few API calls, plus what octokit's throttling may wait
 * out (a secondary rate limit asks for a minute or more, twice at most).
 */
export const DEFAULT_GITHUB_TIMEOUT_MS = 5 * 60 * 1000;

/** A `temporal.*` routing change or describe without `timeout:`: a few calls to the frontend. */
export const DEFAULT_TEMPORAL_TIMEOUT_MS = 60 * 1000;

/**
 * `temporal.waitDrained` without `timeout:`: the server re-checks drainage every few minutes after
 * a grace period, so an hour covers a version whose short runs end soon; runs that wait on
 * approvals need a longer `timeout:` on the step.
 */
export const DEFAULT_TEMPORAL_WAIT_TIMEOUT_MS = 60 * 60 * 1000;
