/**
 * The failure types of the GitHub activities (what a retry policy's `nonRetryableErrorTypes` can
 * name and what `runbook status` shows). See docs/errors.md.
 */
export const GithubFailureType = {
  /** A rendered `with:` does not fit the action's schema. Not retried. */
  invalidInput: 'GithubInvalidInput',
  /** GITHUB_TOKEN / GITHUB_APP_* missing or malformed, or the App not installed. Not retried. */
  notConfigured: 'GithubNotConfigured',
  /** 401: the credentials were not accepted. Not retried. */
  unauthorized: 'GithubUnauthorized',
  /** 403 (not a rate limit): the credentials lack a permission. Not retried. */
  forbidden: 'GithubForbidden',
  /** 404: the repository or object does not exist, or the credentials cannot see it. Not retried. */
  notFound: 'GithubNotFound',
  /** 422: GitHub refused the request as invalid. Not retried. */
  validationFailed: 'GithubValidationFailed',
  /** 405 / 409: not mergeable, head moved, ref conflict. Not retried. */
  conflict: 'GithubConflict',
  /** A rate limit octokit's throttling gave up waiting out. Retried. */
  rateLimited: 'GithubRateLimited',
  /** 5xx after octokit's own retries. Retried. */
  serverError: 'GithubServerError',
  /** No answer from GITHUB_API_URL (refused, reset, DNS, TLS). Retried. */
  unreachable: 'GithubUnreachable',
} as const;
