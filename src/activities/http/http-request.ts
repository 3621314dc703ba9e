/**
 * The `http.request` step activity: one HTTP request with Node's fetch, secrets resolvable in
 * the url, headers and body, the response body bounded and redacted before it enters history.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import {
  describeInputIssues,
  HttpRequestInput as HttpRequestWith,
} from '../../runbook/actions/index.js';
import { parseDuration } from '../../runbook/duration.js';
import type { JsonValue } from '../../runbook/model.js';
import type { SecretSources } from '../secret-sources.js';
import { SecretScope } from '../secrets.js';

/** Bytes of the response body kept in the result or failure (history). */
export const MAX_HTTP_BODY_BYTES = 32 * 1024;
/**
 * How long one request may take when `with:` sets no `timeout`. The activity's own per-attempt
 * timeout (`DEFAULT_HTTP_TIMEOUT_MS` in the action registry) is longer, so that this one, with its
 * clearer `HttpTimeout`, fires first.
 */
export const DEFAULT_HTTP_REQUEST_TIMEOUT_MS = 30_000;
/** How often a request in flight heartbeats, so that cancellation reaches it. */
export const HTTP_HEARTBEAT_INTERVAL_MS = 5_000;
/** 4xx statuses that may succeed later and so stay retryable. */
export const RETRYABLE_CLIENT_STATUSES: readonly number[] = [408, 425, 429];

/** Failure types thrown by {@link HttpRequest}. */
export const HttpFailureType = {
  /**
   * The status is not one of `expectStatus` (2xx by default). Non-retryable for a 4xx other than
   * {@link RETRYABLE_CLIENT_STATUSES}; retryable otherwise. `details[0]` is {@link HttpFailureDetails}.
   */
  unexpectedStatus: 'HttpUnexpectedStatus',
  /** Retryable: DNS, refused or reset connection, TLS failure. */
  connectionFailed: 'HttpConnectionFailed',
  /** Retryable: no complete response within `timeoutMs`. */
  timeout: 'HttpTimeout',
  /** Non-retryable: an invalid url, method or header, or a `with:` its schema refuses. */
  invalidRequest: 'HttpInvalidRequest',
} as const;

/**
 * The rendered `with:` of an `http.request` step (the registry's `HttpRequestInput` schema) plus
 * the run's secret references. The activity parses it again: a `${{ }}` may have rendered to a
 * value of the wrong type.
 */
export type HttpRequestInput = z.input<typeof HttpRequestWith> & {
  /** References the run declared as secret params: the only tokens that may be resolved. */
  readonly secretRefs: readonly string[];
};

export interface HttpRequestResult {
  readonly status: number;
  /** Lower-case names; repeated headers joined with `, `; values redacted. */
  readonly headers: Record<string, string>;
  /** Parsed JSON when the (untruncated) body is JSON, else the text; redacted. */
  readonly body: JsonValue;
  /** True when the body was cut to {@link MAX_HTTP_BODY_BYTES}. */
  readonly truncated: boolean;
}

/** `details[0]` of an `HttpUnexpectedStatus` failure. */
export interface HttpFailureDetails {
  readonly status: number;
  readonly body: JsonValue;
  readonly truncated: boolean;
}

export interface HttpRequestDeps {
  /** The worker's environment: the source of `env:` secrets. */
  readonly env: NodeJS.ProcessEnv;
  readonly heartbeatIntervalMs?: number;
  /** The secret sources the worker allows (RUNBOOK_SECRET_SOURCES); absent: no restriction. */
  readonly secretSources?: SecretSources;
}

export type HttpRequest = (input: HttpRequestInput) => Promise<HttpRequestResult>;

export function createHttpRequest(deps: HttpRequestDeps): HttpRequest {
  const heartbeatIntervalMs = deps.heartbeatIntervalMs ?? HTTP_HEARTBEAT_INTERVAL_MS;

  return async function httpRequest(raw) {
    const context = Context.current();
    const input = parseInput(raw);
    const scope = new SecretScope({
      secretRefs: input.secretRefs,
      env: deps.env,
      sources: deps.secretSources,
    });
    const method = (input.method ?? 'GET').toUpperCase();
    const url = scope.resolve(input.url);
    const headers = new Headers();
    let body: string | undefined;
    try {
      for (const [name, value] of Object.entries(input.headers ?? {})) {
        const resolved = scope.resolve(value);
        // A rendered value with a line break could add a header (or a request): refuse it.
        if (/[\r\n\0]/.test(resolved)) {
          throw ApplicationFailure.nonRetryable(
            `http.request ${method} ${scope.redact(input.url)}: header "${name}" holds a line break or NUL; a header value is one line`,
            HttpFailureType.invalidRequest,
          );
        }
        headers.set(name, resolved);
      }
      if (input.body !== undefined) {
        if (typeof input.body === 'string') {
          body = scope.resolve(input.body);
        } else {
          body = JSON.stringify(scope.resolveDeep(input.body));
          if (!headers.has('content-type')) headers.set('content-type', 'application/json');
        }
      }
      new URL(url);
    } catch (error) {
      if (error instanceof ApplicationFailure) throw error;
      throw ApplicationFailure.nonRetryable(
        `http.request ${method} ${scope.redact(input.url)}: ${scope.redact(String((error as Error).message))}`,
        HttpFailureType.invalidRequest,
      );
    }
    const shownUrl = scope.redact(url);
    const timeoutMs =
      input.timeout === undefined ? DEFAULT_HTTP_REQUEST_TIMEOUT_MS : parseDuration(input.timeout);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([context.cancellationSignal, timeout]);

    context.heartbeat();
    const heartbeats = setInterval(() => context.heartbeat(), heartbeatIntervalMs);
    try {
      let response: Response;
      let text: string;
      let truncated: boolean;
      try {
        response = await fetch(url, {
          method,
          headers,
          signal,
          ...(body === undefined ? {} : { body }),
        });
        ({ text, truncated } = await readBounded(response, MAX_HTTP_BODY_BYTES));
      } catch (error) {
        if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason;
        if (timeout.aborted) {
          throw ApplicationFailure.retryable(
            `http.request ${method} ${shownUrl} got no complete response within ${timeoutMs} ms. ` +
              "Raise the step's `with.timeout` if the endpoint is slow.",
            HttpFailureType.timeout,
          );
        }
        const cause = (error as Error).cause as NodeJS.ErrnoException | undefined;
        const reason = cause?.code ?? cause?.message ?? (error as Error).message;
        if (error instanceof TypeError && cause === undefined) {
          throw ApplicationFailure.nonRetryable(
            `http.request ${method} ${shownUrl}: ${scope.redact(error.message)}`,
            HttpFailureType.invalidRequest,
          );
        }
        throw ApplicationFailure.retryable(
          `http.request ${method} ${shownUrl} failed to connect: ${scope.redact(String(reason))}`,
          HttpFailureType.connectionFailed,
        );
      }

      const result: HttpRequestResult = {
        status: response.status,
        headers: scope.redactDeep(Object.fromEntries(response.headers.entries())),
        body: scope.redactDeep(parseBody(text, truncated)),
        truncated,
      };
      const expected = input.expectStatus ?? null;
      const ok =
        expected === null
          ? response.status >= 200 && response.status < 300
          : expected.includes(response.status);
      if (!ok) {
        const permanent =
          response.status >= 400 &&
          response.status < 500 &&
          !RETRYABLE_CLIENT_STATUSES.includes(response.status);
        const details: HttpFailureDetails = {
          status: result.status,
          body: result.body,
          truncated,
        };
        const message =
          `http.request ${method} ${shownUrl} returned ${response.status}` +
          `${response.statusText ? ` ${response.statusText}` : ''}, expected ` +
          `${expected === null ? '2xx' : expected.join(' or ')}: ${summarize(result.body)}`;
        throw ApplicationFailure.create({
          message,
          type: HttpFailureType.unexpectedStatus,
          nonRetryable: permanent,
          details: [details],
        });
      }
      return result;
    } finally {
      clearInterval(heartbeats);
    }
  };
}

/**
 * Parses the input with the registry's `with:` schema (the one `runbook validate` checked), and
 * refuses, non-retryably, one that does not fit, naming each bad field.
 */
function parseInput(
  raw: HttpRequestInput,
): z.output<typeof HttpRequestWith> & { secretRefs: readonly string[] } {
  const { secretRefs, ...rest } = raw as unknown as Record<string, unknown>;
  const problems: string[] = [];
  const parsed = HttpRequestWith.safeParse(rest);
  if (!parsed.success) problems.push(...describeInputIssues(parsed.error.issues, rest));
  if (!Array.isArray(secretRefs) || !secretRefs.every((ref) => typeof ref === 'string')) {
    problems.push('secretRefs: must be a list of strings (this is a bug in the caller)');
  }
  if (!parsed.success || problems.length > 0) {
    throw ApplicationFailure.nonRetryable(
      `http.request input is invalid: ${problems.join('; ')}. Fix the step's with: (an expression there may have rendered to a value of the wrong type).`,
      HttpFailureType.invalidRequest,
    );
  }
  return { ...parsed.data, secretRefs: secretRefs as readonly string[] };
}

/** Reads at most `limit` bytes of the body, then stops the download. */
async function readBounded(
  response: Response,
  limit: number,
): Promise<{ text: string; truncated: boolean }> {
  if (response.body === null) return { text: '', truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) {
      truncated = true;
      await reader.cancel();
      break;
    }
  }
  const all = Buffer.concat(chunks);
  const kept = truncated ? all.subarray(0, limit) : all;
  // A character cut at the limit decodes to U+FFFD; drop it.
  const text = new TextDecoder().decode(kept);
  return { text: truncated ? text.replace(/\uFFFD$/, '') : text, truncated };
}

function parseBody(text: string, truncated: boolean): JsonValue {
  if (truncated || text.trim() === '') return text;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

function summarize(body: JsonValue): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text || '(empty body)';
}
