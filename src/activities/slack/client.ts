/**
 * The worker's Slack Web API client: the real `@slack/web-api` `WebClient`, with the bot token of
 * `SLACK_BOT_TOKEN` and the base URL of `SLACK_API_URL` (Slack's own when unset; a proxy or a test
 * fake otherwise). Its retries are bounded: a lost connection or a 5xx is retried twice within
 * seconds, and a rate limit is handed back at once, so that the activity's retry policy waits for
 * `Retry-After` instead of an activity attempt sleeping through it.
 */
import { LogLevel, WebClient } from '@slack/web-api';
import { ApplicationFailure } from '@temporalio/common';
import { SlackFailureType } from './errors.js';

/** Slack's Web API; `SLACK_API_URL` overrides it. */
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
/** One Web API call may take this long. */
export const SLACK_REQUEST_TIMEOUT_MS = 10_000;
/** Quick retries of a lost connection or a 5xx inside one attempt; slower ones are Temporal's. */
export const SLACK_CLIENT_RETRIES = { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 1_000 };

/** The settings the Slack activities read from the worker's environment. */
export interface SlackSettings {
  readonly token: string;
  /** Ends with `/`, as the WebClient expects. */
  readonly apiUrl: string;
}

/** Reads `SLACK_BOT_TOKEN` and `SLACK_API_URL`; a missing token fails the step, not retried. */
export function slackSettings(env: NodeJS.ProcessEnv): SlackSettings {
  const token = env.SLACK_BOT_TOKEN?.trim() ?? '';
  if (token === '') {
    throw ApplicationFailure.create({
      message:
        "SLACK_BOT_TOKEN is not set on the worker: set it to the Slack app's bot token (xoxb-…) to run slack.* steps; see docs/steps.md#slackpost",
      type: SlackFailureType.notConfigured,
      nonRetryable: true,
    });
  }
  const base = env.SLACK_API_URL?.trim() || DEFAULT_SLACK_API_URL;
  return { token, apiUrl: base.endsWith('/') ? base : `${base}/` };
}

/** A WebClient for `settings`, its retries bounded as above. */
export function createSlackClient(settings: SlackSettings): WebClient {
  return new WebClient(settings.token, {
    slackApiUrl: settings.apiUrl,
    retryConfig: SLACK_CLIENT_RETRIES,
    rejectRateLimitedCalls: true,
    timeout: SLACK_REQUEST_TIMEOUT_MS,
    // A method name is never a URL: every call goes to the configured base.
    allowAbsoluteUrls: false,
    logLevel: LogLevel.ERROR,
  });
}
