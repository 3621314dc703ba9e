// `runbook server`'s HTTP side: one node:http server, exact-path routing to the integrations
// that are on, health and readiness probes, and a shutdown that drains before it exits.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricMeter } from '@temporalio/common';
import { RUNBOOK_METRICS } from '../workflows/metric-catalog.js';
import { BodyTooLargeError, reply } from './read-body.js';
import type { Integration, IntegrationFactory, ServerContext, ServerRoute } from './types.js';

/** How long readiness waits for Temporal before answering 503. */
const READY_TIMEOUT_MS = 2_000;
/** How long a shutdown waits for in-flight requests and background work. */
export const SHUTDOWN_GRACE_MS = 10_000;

export interface RunbookServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly context: ServerContext;
  readonly integrations: readonly IntegrationFactory[];
  /** Counts answered requests (`runbook_server_requests_total`) when metrics are on. */
  readonly meter?: MetricMeter;
}

export interface RunningServer {
  readonly port: number;
  /** `http://host:port`, for tests and the start banner. */
  readonly url: string;
  readonly integrations: readonly Integration[];
  /** Stops accepting, finishes in-flight requests and background work, closes integrations. */
  close(): Promise<void>;
}

async function temporalReachable(context: ServerContext): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    // Settled either way, so a probe that outlives the timeout never rejects unhandled.
    const { connection } = context.client;
    const call = connection.withDeadline(Date.now() + READY_TIMEOUT_MS, () =>
      connection.workflowService.getSystemInfo({}),
    );
    const probe = call.then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(
        () => resolve(`no answer within ${READY_TIMEOUT_MS} ms`),
        READY_TIMEOUT_MS,
      );
    });
    return await Promise.race([probe, timeout]);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

function probes(context: ServerContext): ServerRoute[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      handle: async (_req, res) => reply(res, 200, 'ok\n'),
    },
    {
      method: 'GET',
      path: '/readyz',
      handle: async (_req, res) => {
        const problem = await temporalReachable(context);
        if (problem === undefined) reply(res, 200, 'ready\n');
        else
          reply(res, 503, `Temporal at ${context.settings.address} is not reachable: ${problem}\n`);
      },
    },
  ];
}

function routeTable(routes: readonly ServerRoute[]): Map<string, Map<string, ServerRoute>> {
  const table = new Map<string, Map<string, ServerRoute>>();
  for (const route of routes) {
    const byMethod = table.get(route.path) ?? new Map<string, ServerRoute>();
    if (byMethod.has(route.method)) {
      throw new Error(`two routes for ${route.method} ${route.path}`);
    }
    byMethod.set(route.method, route);
    table.set(route.path, byMethod);
  }
  return table;
}

export async function startRunbookServer(options: RunbookServerOptions): Promise<RunningServer> {
  const { context } = options;
  const integrations: Integration[] = [];
  for (const factory of options.integrations) {
    const integration = await factory(context);
    if (integration !== undefined) integrations.push(integration);
  }
  const table = routeTable([...probes(context), ...integrations.flatMap((i) => i.routes)]);

  const requests = options.meter?.createCounter(
    RUNBOOK_METRICS.serverRequests.name,
    RUNBOOK_METRICS.serverRequests.unit,
    RUNBOOK_METRICS.serverRequests.help,
  );
  const dispatch = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const byMethod = table.get(path);
    // The route label is a registered path, never the request's own: bounded by the table.
    const route = byMethod === undefined ? 'unmatched' : path;
    res.once('finish', () => requests?.add(1, { route, code: String(res.statusCode) }));
    if (byMethod === undefined) return reply(res, 404, 'not found\n');
    const handler = byMethod.get(req.method ?? '');
    if (handler === undefined) {
      return reply(res, 405, 'method not allowed\n', { allow: [...byMethod.keys()].join(', ') });
    }
    try {
      await handler.handle(req, res);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return reply(res, 413, `${error.message}\n`);
      // The message may quote the request: log the route, not the error's text, to the client.
      context.log(
        `${req.method} ${path} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      reply(res, 500, 'internal error\n');
    }
  };

  const server = createServer((req, res) => {
    void dispatch(req, res);
  });
  // Slowloris guard: a request must arrive whole within this time.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost =
    options.host === undefined || options.host === '0.0.0.0' ? '127.0.0.1' : options.host;

  let closing: Promise<void> | undefined;
  return {
    port: address.port,
    url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${address.port}`,
    integrations,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        await stopped;
        clearTimeout(grace);
        const left = await context.background.drain(SHUTDOWN_GRACE_MS);
        if (left > 0) context.log(`shutdown: ${left} background job(s) did not finish in time`);
        for (const integration of integrations) await integration.close();
      })();
      return closing;
    },
  };
}
