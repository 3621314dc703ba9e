// The one way this project builds a Slack Web API client: the real @slack/web-api client, its base
// URL from SLACK_API_URL (tests point it at a local fake; proxies and GovSlack use it too).
import { LogLevel, WebClient } from '@slack/web-api';

export const SLACK_DEFAULT_API_URL = 'https://slack.com/api/';

export interface SlackClientOptions {
  /** Bot token (`xoxb-…`); default SLACK_BOT_TOKEN. */
  readonly token?: string;
  /** Retries of a failed call (rate limits wait Retry-After first); default 3. */
  readonly retries?: number;
  /**
   * Hand a rate limit back at once (a `WebAPIRateLimitedError` with `retryAfter`) instead of
   * waiting inside the call; the Slack step activities leave the wait to Temporal's retry.
   */
  readonly rejectRateLimitedCalls?: boolean;
}

/** `SLACK_API_URL` with the trailing slash the client needs, or Slack's own. */
export function slackApiUrl(env: NodeJS.ProcessEnv): string {
  const configured = env.SLACK_API_URL?.trim();
  if (configured === undefined || configured === '') return SLACK_DEFAULT_API_URL;
  return configured.endsWith('/') ? configured : `${configured}/`;
}

export function slackWebClient(
  env: NodeJS.ProcessEnv,
  options: SlackClientOptions = {},
): WebClient {
  return new WebClient(options.token ?? env.SLACK_BOT_TOKEN, {
    slackApiUrl: slackApiUrl(env),
    logLevel: LogLevel.ERROR,
    retryConfig: { retries: options.retries ?? 3, factor: 2, minTimeout: 200, maxTimeout: 5_000 },
    // A call never hangs a caller for long: Slack answers in well under this.
    timeout: 10_000,
    ...(options.rejectRateLimitedCalls === true ? { rejectRateLimitedCalls: true } : {}),
  });
}
