// The one way this project builds a GitHub REST client: octokit with the throttling and retry
// plugins (primary and secondary rate limits honoured), its base URL from GITHUB_API_URL (GitHub
// Enterprise, and the local fake in tests).
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';

export const GITHUB_DEFAULT_API_URL = 'https://api.github.com';

export const RunbookOctokit = Octokit.plugin(throttling, retry);
export type GithubClient = InstanceType<typeof RunbookOctokit>;

/** How many times a rate-limited request is retried after waiting what GitHub asks. */
const RATE_LIMIT_RETRIES = 2;

export function githubApiUrl(env: NodeJS.ProcessEnv): string {
  const configured = env.GITHUB_API_URL?.trim();
  return configured === undefined || configured === ''
    ? GITHUB_DEFAULT_API_URL
    : configured.replace(/\/+$/, '');
}

export interface GithubClientOptions {
  readonly baseUrl: string;
  /** A token, or an octokit auth strategy with its options (a GitHub App). */
  readonly auth:
    | string
    | { readonly authStrategy: unknown; readonly auth: Record<string, unknown> };
  readonly log?: (line: string) => void;
}

export function githubClient(options: GithubClientOptions): GithubClient {
  const log = options.log ?? (() => {});
  const limited =
    (kind: string) =>
    (
      retryAfter: number,
      request: { method: string; url: string },
      _octokit: unknown,
      count: number,
    ) => {
      log(
        `GitHub ${kind} rate limit on ${request.method} ${request.url}: retry ${count + 1} in ${retryAfter}s`,
      );
      return count < RATE_LIMIT_RETRIES;
    };
  const auth =
    typeof options.auth === 'string'
      ? { auth: options.auth }
      : { authStrategy: options.auth.authStrategy as never, auth: options.auth.auth };
  return new RunbookOctokit({
    baseUrl: options.baseUrl,
    ...auth,
    userAgent: 'runbook-runner',
    throttle: { onRateLimit: limited('primary'), onSecondaryRateLimit: limited('secondary') },
    retry: { retries: 2 },
    log: { debug: () => {}, info: () => {}, warn: log, error: log },
  });
}
