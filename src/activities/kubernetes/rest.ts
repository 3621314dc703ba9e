/**
 * A small JSON client for the Kubernetes REST API. Credentials, TLS and auth plugins come from
 * `@kubernetes/client-node`'s KubeConfig; requests and responses stay plain JSON (the typed
 * models of client-node drop unknown fields and turn timestamps into Dates, which an `undo` record
 * that must restore an object exactly cannot afford).
 */
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { RunbookError } from '../../runbook/errors.js';
import type { JsonObject } from './types.js';

/** How long one request may take before it counts as the apiserver being unreachable. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** The server closes a watch after this long; the caller resumes from the last resourceVersion. */
export const WATCH_TIMEOUT_SECONDS = 60;

type Query = Readonly<Record<string, string | number | boolean | undefined>>;

export interface KubeRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Query;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly signal?: AbortSignal;
}

/**
 * Thrown when the apiserver answers with a non-2xx status; `reason` is the Status reason
 * (`Forbidden`, …). `toKubernetesFailure` turns it into the step's typed failure.
 */
export class KubeApiError extends RunbookError {
  readonly code = 'KubernetesApiError';
  readonly kind = 'operation';
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly apiMessage: string,
    readonly body: JsonObject | undefined,
    readonly method: string,
    readonly path: string,
  ) {
    super(`${method} ${path}: ${status} ${reason}: ${apiMessage}`);
  }
}

/**
 * Thrown when a request gets no HTTP answer at all: refused, reset, timed out, DNS. Transient by
 * nature (the step's retry policy retries it). `errno` is the socket error code (`ECONNREFUSED`).
 */
export class KubeUnreachableError extends RunbookError {
  readonly code = 'KubernetesUnreachable';
  readonly kind = 'environment';
  constructor(
    readonly server: string,
    readonly errno: string,
    cause: Error,
  ) {
    super(`the Kubernetes API server ${server} is unreachable (${errno}): ${cause.message}`, {
      cause,
    });
    // The name other modules recognise it by (plan-dry-run, the activity's failure).
    this.name = 'KubernetesUnreachable';
  }
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export class KubeRest {
  readonly server: string;

  constructor(readonly kc: KubeConfig) {
    this.server = kc.getCurrentCluster()?.server ?? '';
  }

  /** Sends one request; resolves with the parsed JSON body (undefined for an empty body). */
  async request<T = JsonObject>(req: KubeRequest): Promise<T> {
    const { response, body } = await this.send(req, false);
    const parsed = parseBody(body ?? '');
    if ((response.statusCode ?? 0) >= 300) throw apiError(req, response.statusCode ?? 0, parsed);
    return parsed as T;
  }

  /**
   * Watches a collection. Calls `onEvent` for every event until it returns true (resolves
   * `'done'`), the server ends the stream (resolves `'closed'`: resume from the last
   * resourceVersion), or `signal` aborts (rejects with the abort reason). A 410 Gone rejects with
   * a KubeApiError: list again, then watch.
   */
  async watch(
    path: string,
    query: Query,
    onEvent: (type: WatchEventType, object: JsonObject) => boolean,
    signal?: AbortSignal,
  ): Promise<'done' | 'closed'> {
    const req: KubeRequest = {
      method: 'GET',
      path,
      query: {
        ...query,
        watch: true,
        allowWatchBookmarks: true,
        timeoutSeconds: WATCH_TIMEOUT_SECONDS,
      },
      ...(signal ? { signal } : {}),
    };
    const { response } = await this.send(req, true);
    const res = response as http.IncomingMessage;
    if ((res.statusCode ?? 0) >= 300) {
      let text = '';
      for await (const chunk of res) text += String(chunk);
      throw apiError(req, res.statusCode ?? 0, parseBody(text));
    }
    res.setEncoding('utf8');
    let buffer = '';
    try {
      for await (const chunk of res) {
        buffer += chunk as string;
        let newline = buffer.indexOf('\n');
        while (newline !== -1) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          newline = buffer.indexOf('\n');
          if (line === '') continue;
          const event = JSON.parse(line) as { type: string; object: JsonObject };
          if (event.type === 'ERROR')
            throw apiError(req, Number(event.object.code ?? 500), event.object);
          if (onEvent(event.type as WatchEventType, event.object)) return 'done';
        }
      }
    } finally {
      res.destroy();
    }
    signal?.throwIfAborted();
    return 'closed';
  }

  private async send(
    req: KubeRequest,
    stream: boolean,
  ): Promise<{ response: http.IncomingMessage; body: string | undefined }> {
    const url = new URL(this.server.replace(/\/$/, '') + req.path);
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (payload !== undefined) {
      headers['Content-Type'] = req.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const options: https.RequestOptions = { method: req.method, headers: { ...headers } };
    await this.kc.applyToHTTPSOptions(options);
    options.headers = { ...(options.headers as Record<string, string>), ...headers };
    const transport = url.protocol === 'http:' ? http : https;
    req.signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const request = transport.request(url, options, (response) => {
        if (stream) {
          request.setTimeout(0);
          resolve({ response, body: undefined });
          return;
        }
        response.setEncoding('utf8');
        let body = '';
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => resolve({ response, body }));
        response.on('error', (error) => reject(this.unreachable(error)));
      });
      const onAbort = () => request.destroy(req.signal?.reason as Error);
      req.signal?.addEventListener('abort', onAbort, { once: true });
      request.on('close', () => req.signal?.removeEventListener('abort', onAbort));
      request.setTimeout(REQUEST_TIMEOUT_MS, () =>
        request.destroy(
          Object.assign(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`), {
            code: 'ETIMEDOUT',
          }),
        ),
      );
      request.on('error', (error) => {
        if (req.signal?.aborted) reject(req.signal.reason);
        else reject(this.unreachable(error));
      });
      if (payload !== undefined) request.write(payload);
      request.end();
    });
  }

  private unreachable(error: Error): KubeUnreachableError {
    const code = (error as NodeJS.ErrnoException).code ?? error.name;
    return new KubeUnreachableError(this.server, code, error);
  }
}

/** JSON when it is JSON; error pages such as `404 page not found` stay text. */
function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.trim();
  }
}

function apiError(req: KubeRequest, status: number, body: unknown): KubeApiError {
  const object = typeof body === 'object' && body !== null ? (body as JsonObject) : undefined;
  const reason = typeof object?.reason === 'string' ? object.reason : String(status);
  const message =
    typeof object?.message === 'string' ? object.message : typeof body === 'string' ? body : '';
  return new KubeApiError(status, reason, message, object, req.method, req.path);
}
