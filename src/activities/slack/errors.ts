/**
 * Slack Web API errors as the step failures a runbook author can act on. A rate limit is retried
 * after Slack's `Retry-After`; a missing channel, a bot outside the channel or a refused token is
 * not retried and says what to do; a Slack outage or a lost connection is retried.
 */
import { ErrorCode } from '@slack/web-api';
import { ApplicationFailure } from '@temporalio/common';

/** Failure types thrown by the Slack activities. */
export const SlackFailureType = {
  /** Retried after `Retry-After` (`nextRetryDelay`): Slack's rate limit for the method. */
  rateLimited: 'SlackRateLimited',
  /** Not retried: no channel of that id or name is visible to the bot. */
  channelNotFound: 'SlackChannelNotFound',
  /** Not retried: the bot is not a member of the channel. */
  notInChannel: 'SlackNotInChannel',
  /** Not retried: Slack refused `SLACK_BOT_TOKEN` (invalid, revoked, or the app is uninstalled). */
  authFailed: 'SlackAuthFailed',
  /** Not retried: the token lacks a scope the method needs. */
  missingScope: 'SlackMissingScope',
  /** Not retried: the message to update is gone or cannot be edited by the bot. */
  messageNotFound: 'SlackMessageNotFound',
  /** Not retried: Slack refused the text or blocks (`invalid_blocks`, `msg_too_long`, …). */
  invalidMessage: 'SlackInvalidMessage',
  /** Not retried: the rendered `with:` does not fit the action's schema. */
  invalidInput: 'SlackInvalidInput',
  /** Not retried: `SLACK_BOT_TOKEN` is not set on the worker. */
  notConfigured: 'SlackNotConfigured',
  /** Retried: Slack answered with a server error, or could not be reached. */
  unavailable: 'SlackUnavailable',
  /** Not retried: any other error Slack answered with; the message carries Slack's code. */
  apiError: 'SlackApiError',
} as const;

/** Slack error codes that may succeed on a later attempt. */
const TRANSIENT = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);
const AUTH = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
]);
const MESSAGE = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'no_text',
  'too_many_attachments',
  'invalid_attachments',
]);
const GONE = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed']);

interface SlackErrorShape {
  readonly code?: unknown;
  readonly retryAfter?: unknown;
  readonly data?: { readonly error?: unknown; readonly needed?: unknown };
  readonly message?: unknown;
}

/** The `ApplicationFailure` for an error the WebClient threw calling `method` for `channel`. */
export function slackFailure(error: unknown, method: string, channel: string): ApplicationFailure {
  const e = (error ?? {}) as SlackErrorShape;
  const where = `${method} in channel ${channel}`;
  const fail = (type: string, message: string, nonRetryable: boolean) =>
    ApplicationFailure.create({ message, type, nonRetryable, cause: error as Error });
  if (e.code === ErrorCode.RateLimitedError) {
    const seconds = typeof e.retryAfter === 'number' && e.retryAfter > 0 ? e.retryAfter : 1;
    return ApplicationFailure.create({
      message: `Slack rate-limited ${where}; retrying after ${seconds} s (Retry-After)`,
      type: SlackFailureType.rateLimited,
      nextRetryDelay: seconds * 1000,
      cause: error as Error,
    });
  }
  if (e.code === ErrorCode.PlatformError) {
    const code = String(e.data?.error ?? 'unknown_error');
    if (code === 'channel_not_found') {
      return fail(
        SlackFailureType.channelNotFound,
        `Slack has no channel ${channel} the bot can see (${method}: channel_not_found): check the id or #name; for a private channel, invite the app first`,
        true,
      );
    }
    if (code === 'not_in_channel') {
      return fail(
        SlackFailureType.notInChannel,
        `the Slack app is not in channel ${channel} (${method}: not_in_channel): invite it with /invite @<app> in that channel`,
        true,
      );
    }
    if (AUTH.has(code)) {
      return fail(
        SlackFailureType.authFailed,
        `Slack refused the worker's SLACK_BOT_TOKEN (${method}: ${code}): set a valid bot token (xoxb-…) of an installed app on the worker`,
        true,
      );
    }
    if (code === 'missing_scope') {
      const needed = typeof e.data?.needed === 'string' ? e.data.needed : 'the scope Slack names';
      return fail(
        SlackFailureType.missingScope,
        `the Slack app lacks the scope ${needed} for ${method}: add it in the app's OAuth settings and reinstall the app`,
        true,
      );
    }
    if (GONE.has(code)) {
      return fail(
        SlackFailureType.messageNotFound,
        `Slack cannot update that message (${where}: ${code}): update only a message this bot posted (steps.<id>.outputs.ts and .channel of a slack.post)`,
        true,
      );
    }
    if (MESSAGE.has(code)) {
      return fail(
        SlackFailureType.invalidMessage,
        `Slack refused the message (${where}: ${code}): fix text or blocks (Block Kit Builder shows what Slack accepts)`,
        true,
      );
    }
    if (code === 'ratelimited') {
      return fail(SlackFailureType.rateLimited, `Slack rate-limited ${where}`, false);
    }
    if (TRANSIENT.has(code)) {
      return fail(SlackFailureType.unavailable, `Slack failed ${where} (${code}); retrying`, false);
    }
    return fail(SlackFailureType.apiError, `Slack refused ${where}: ${code}`, true);
  }
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (e.code === ErrorCode.HTTPError && typeof status === 'number' && status < 500) {
    return fail(
      SlackFailureType.apiError,
      `Slack answered HTTP ${status} to ${where}: check SLACK_API_URL on the worker (it should end in /api/)`,
      true,
    );
  }
  const detail = typeof e.message === 'string' ? e.message : String(error);
  return fail(
    SlackFailureType.unavailable,
    `Slack could not be reached for ${where}: ${detail}`,
    false,
  );
}
