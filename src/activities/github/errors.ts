/**
 * Maps what GitHub (or the network, or the settings) said to the failure a GitHub activity throws:
 *
 * | cause                                  | failure type             | retried |
 * | -------------------------------------- | ------------------------ | ------- |
 * | settings missing, App not installed    | `GithubNotConfigured`    | no      |
 * | 401                                    | `GithubUnauthorized`     | no      |
 * | 403 rate limit (throttling gave up)    | `GithubRateLimited`      | yes     |
 * | 403                                    | `GithubForbidden`        | no      |
 * | 404                                    | `GithubNotFound`         | no      |
 * | 405 / 409                              | `GithubConflict`         | no      |
 * | 400 / 422                              | `GithubValidationFailed` | no      |
 * | 429, 5xx (after octokit's retries)     | `GithubRateLimited` / `GithubServerError` | yes |
 * | no answer                              | `GithubUnreachable`      | yes     |
 *
 * Messages name the action, the repository, what was being done, and what to check. They never
 * hold a token: octokit's errors carry the request with its authorization redacted, and only
 * GitHub's `message` and `errors` are quoted.
 */
import { ApplicationFailure } from '@temporalio/common';
import { GithubAppNotInstalledError } from '../../integrations/github/auth.js';
import { GithubSettingsError } from '../../integrations/github/settings.js';
import { GithubFailureType } from './failure-types.js';

/** What the activity was doing, to say it in the message. */
export interface GithubCallContext {
  /** `github.comment` */
  readonly action: string;
  readonly repository: string;
  /** `create a comment on #12` */
  readonly what: string;
  /** The App permission (and level) the call needs, e.g. `issues: write`. */
  readonly permission: string;
  /** What a 404 may mean besides the repository, e.g. `issue #12`. */
  readonly object?: string;
}

interface OctokitLikeError {
  readonly status: number;
  readonly message: string;
  readonly response?: {
    readonly data?: unknown;
    readonly headers?: Readonly<Record<string, string | number | undefined>>;
  };
}

function isOctokitError(error: unknown): error is OctokitLikeError {
  return (
    error instanceof Error &&
    typeof (error as { status?: unknown }).status === 'number' &&
    ((error as unknown as { status: number }).status as number) >= 100
  );
}

/** GitHub's `message` and each `errors[]` entry, as one sentence. */
function saidBy(error: OctokitLikeError): string {
  const data = error.response?.data as { message?: unknown; errors?: unknown } | string | undefined;
  if (typeof data === 'string' && data !== '') return ` GitHub said: ${data.slice(0, 500)}`;
  if (typeof data !== 'object' || data === null) return '';
  const parts: string[] = [];
  if (typeof data.message === 'string') parts.push(data.message);
  if (Array.isArray(data.errors)) {
    for (const item of data.errors.slice(0, 10)) {
      if (typeof item === 'string') parts.push(item);
      else if (typeof item === 'object' && item !== null) {
        const e = item as Record<string, unknown>;
        parts.push(
          typeof e.message === 'string'
            ? e.message
            : [e.resource, e.field, e.code].filter((x) => typeof x === 'string').join(' '),
        );
      }
    }
  }
  return parts.length === 0 ? '' : ` GitHub said: ${parts.join('; ').slice(0, 1000)}`;
}

/** Converts any error of a GitHub call into the failure to throw (see the table above). */
export function toGithubFailure(error: unknown, context: GithubCallContext): Error {
  if (error instanceof ApplicationFailure) return error;
  const prefix = `${context.action} on ${context.repository}: could not ${context.what}`;
  if (error instanceof GithubSettingsError || error instanceof GithubAppNotInstalledError) {
    return ApplicationFailure.create({
      type: GithubFailureType.notConfigured,
      nonRetryable: true,
      message: `${prefix}: ${error.message}`,
      details: [
        {
          code: error.code,
          ...(error instanceof GithubSettingsError ? { setting: error.setting } : {}),
        },
      ],
    });
  }
  if (!isOctokitError(error)) {
    const code = (error as { code?: unknown; cause?: { code?: unknown } })?.cause?.code;
    return ApplicationFailure.create({
      type: GithubFailureType.unreachable,
      nonRetryable: false,
      message: `${prefix}: no answer from GitHub (${typeof code === 'string' ? code : ((error as Error)?.message ?? String(error))}); check GITHUB_API_URL and the network from the worker. Retrying.`,
      ...(error instanceof Error ? { cause: error } : {}),
    });
  }
  const said = saidBy(error);
  const details = [{ status: error.status, repository: context.repository, what: context.what }];
  const make = (type: string, nonRetryable: boolean, message: string) =>
    ApplicationFailure.create({ type, nonRetryable, message, details });
  const status = error.status;
  const rateLimited =
    /rate limit/i.test(said) || error.response?.headers?.['x-ratelimit-remaining'] === '0';
  switch (true) {
    case status === 401:
      return make(
        GithubFailureType.unauthorized,
        true,
        `${prefix}: GitHub did not accept the credentials (401); renew GITHUB_TOKEN, or check GITHUB_APP_ID and the App's private key.${said}`,
      );
    case (status === 403 || status === 429) && rateLimited:
      return make(
        GithubFailureType.rateLimited,
        false,
        `${prefix}: GitHub's rate limit is still exhausted after waiting; the step is retried later.${said}`,
      );
    case status === 403:
      return make(
        GithubFailureType.forbidden,
        true,
        `${prefix}: forbidden (403). The GitHub App needs the "${context.permission}" permission on ${context.repository} (a token: the matching scope), and branch protection or repository rules may refuse it.${said}`,
      );
    case status === 404:
      return make(
        GithubFailureType.notFound,
        true,
        `${prefix}: not found (404). Check ${context.repository}${context.object === undefined ? '' : ` and ${context.object}`}; GitHub also answers 404 when the credentials cannot see the repository (install the App on it, or give the token access) or lack "${context.permission}".${said}`,
      );
    case status === 405 || status === 409:
      return make(
        GithubFailureType.conflict,
        true,
        `${prefix}: GitHub refused it in the current state (${status}).${said}`,
      );
    case status === 400 || status === 422:
      return make(
        GithubFailureType.validationFailed,
        true,
        `${prefix}: GitHub refused the request as invalid (${status}); check the step's with:.${said}`,
      );
    case status === 429:
      return make(
        GithubFailureType.rateLimited,
        false,
        `${prefix}: rate limited (429) after waiting; the step is retried later.${said}`,
      );
    default:
      return make(
        GithubFailureType.serverError,
        status < 500,
        `${prefix}: GitHub answered ${status}.${status >= 500 ? ' Retrying.' : ''}${said}`,
      );
  }
}

/** Runs one GitHub call, converting its failure with `toGithubFailure`. */
export async function githubCall<T>(
  context: GithubCallContext,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toGithubFailure(error, context);
  }
}

/** Whether a GitHub call failed with 404 (the object is gone). */
export function isGithubNotFound(error: unknown): boolean {
  return error instanceof ApplicationFailure && error.type === GithubFailureType.notFound;
}
