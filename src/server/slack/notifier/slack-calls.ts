// Every Web API call the notifier and the approval buttons make goes through here: the real
// @slack/web-api client with its own retries off, so that this module alone decides how long to
// wait (Slack's Retry-After on `ratelimited`, a short backoff on a network error) and when to
// give up (a bounded number of attempts). A call that gives up throws; callers log it and go on:
// nothing here is on a run's critical path.
import { LogLevel, WebClient } from '@slack/web-api';

/** Attempts of one call, the first included, before it is given up. */
export const SLACK_CALL_ATTEMPTS = 4;
/** Backoff after a network or HTTP error (doubled per attempt). */
const BACKOFF_MS = 250;
/** A Retry-After above this is not waited out inside one call: the call is given up. */
const MAX_RETRY_AFTER_MS = 30_000;
/** One HTTP request may take this long. */
const REQUEST_TIMEOUT_MS = 5_000;

/** The one thing the notifier needs of Slack: call a Web API method with arguments. */
export interface SlackApi {
  call(method: string, args: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** Slack answered `ok: false` with a permanent error (`channel_not_found`, `invalid_blocks`, …). */
export class SlackCallFailedError extends Error {
  readonly method: string;
  readonly slackError: string;
  constructor(method: string, slackError: string, attempts: number) {
    super(`Slack ${method} failed after ${attempts} attempt(s): ${slackError}`);
    this.name = 'SlackCallFailedError';
    this.method = method;
    this.slackError = slackError;
  }
}

/** Platform errors worth another attempt; every other `ok: false` is permanent. */
const TRANSIENT_PLATFORM_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

interface Classified {
  readonly retryAfterMs?: number;
  readonly transient: boolean;
  readonly error: string;
}

function classify(error: unknown): Classified {
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string } };
  if (e?.code === 'slack_webapi_rate_limited_error') {
    return {
      retryAfterMs: Math.max(0, Number(e.retryAfter ?? 1)) * 1000,
      transient: true,
      error: 'ratelimited',
    };
  }
  if (e?.code === 'slack_webapi_platform_error') {
    const slackError = e.data?.error ?? 'unknown_error';
    return { transient: TRANSIENT_PLATFORM_ERRORS.has(slackError), error: slackError };
  }
  // Request errors (connection refused, timeouts) and HTTP errors (5xx): try again.
  return { transient: true, error: error instanceof Error ? error.message : String(error) };
}

export interface SlackApiOptions {
  readonly attempts?: number;
  /** Waits between attempts (tests pass a fast clock). */
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Wraps a Web API client (whose own retries are off) with bounded, Retry-After-aware retries. */
export function boundedSlackApi(web: WebClient, options: SlackApiOptions = {}): SlackApi {
  const attempts = options.attempts ?? SLACK_CALL_ATTEMPTS;
  const sleep = options.sleep ?? realSleep;
  return {
    async call(method, args) {
      let last: Classified = { transient: true, error: 'not attempted' };
      for (let attempt = 1; attempt <= attempts; attempt += 1) {
        try {
          return (await web.apiCall(method, args)) as unknown as Record<string, unknown>;
        } catch (error) {
          last = classify(error);
          if (!last.transient || attempt === attempts) break;
          const wait = last.retryAfterMs ?? BACKOFF_MS * 2 ** (attempt - 1);
          if (wait > MAX_RETRY_AFTER_MS) break;
          await sleep(wait);
        }
      }
      throw new SlackCallFailedError(method, last.error, attempts);
    },
  };
}

/** The notifier's own client: the bot token and SLACK_API_URL, no hidden retries. */
export function notifierWebClient(token: string, apiUrl: string): WebClient {
  return new WebClient(token, {
    slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    logLevel: LogLevel.ERROR,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: REQUEST_TIMEOUT_MS,
  });
}
