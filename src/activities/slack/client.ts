/**
 * The Slack step activities' client: the project's one `WebClient` (src/integrations/slack), with
 * the worker's `SLACK_BOT_TOKEN` and `SLACK_API_URL`. Its retries are bounded: a lost connection or
 * a 5xx is retried twice within about a second, and a rate limit is handed back at once, so that
 * the activity's retry policy waits for `Retry-After` instead of an attempt sleeping through it.
 */
import type { WebClient } from '@slack/web-api';
import { ApplicationFailure } from '@temporalio/common';
import { slackWebClient } from '../../integrations/slack/web-client.js';
import { SlackFailureType } from './errors.js';

/** Quick retries of a lost connection or a 5xx inside one attempt; slower ones are Temporal's. */
export const SLACK_CLIENT_RETRIES = 2;

/**
 * A client for the worker's bot; a worker without `SLACK_BOT_TOKEN` fails the step, not retried.
 */
export function slackStepClient(env: NodeJS.ProcessEnv): WebClient {
  const token = env.SLACK_BOT_TOKEN?.trim() ?? '';
  if (token === '') {
    throw ApplicationFailure.create({
      message:
        "SLACK_BOT_TOKEN is not set on the worker: set it to the Slack app's bot token (xoxb-…) to run slack.* steps; see docs/steps.md#slackpost",
      type: SlackFailureType.notConfigured,
      nonRetryable: true,
    });
  }
  return slackWebClient(env, {
    token,
    retries: SLACK_CLIENT_RETRIES,
    rejectRateLimitedCalls: true,
  });
}
