// `runbook server` in a test: the real HTTP server on a loopback port, its integrations given
// their settings through `env`, talking to a real Temporal server through `client`.
import type { Client } from '@temporalio/client';
import { BackgroundWork } from '../../src/server/background.js';
import { type RunningServer, startRunbookServer } from '../../src/server/http-server.js';
import type { IntegrationFactory } from '../../src/server/types.js';
import type { RunbookCatalog } from '../../src/source/catalog.js';

export interface TestServerOptions {
  readonly client: Client;
  /** Temporal's address, as the server reports it. */
  readonly address: string;
  readonly taskQueue: string;
  readonly integrations: readonly IntegrationFactory[];
  readonly catalog?: RunbookCatalog;
  readonly env?: NodeJS.ProcessEnv;
}

export interface TestServer extends RunningServer {
  /** Everything the server logged, one entry per line. */
  readonly logs: string[];
  readonly background: BackgroundWork;
}

export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const logs: string[] = [];
  const log = (line: string) => {
    logs.push(line);
  };
  const background = new BackgroundWork(log);
  const server = await startRunbookServer({
    port: 0,
    host: '127.0.0.1',
    integrations: options.integrations,
    context: {
      client: options.client,
      settings: { address: options.address, namespace: 'default', taskQueue: options.taskQueue },
      catalog: options.catalog,
      env: options.env ?? {},
      background,
      log,
    },
  });
  return Object.assign(Object.create(null) as object, server, { logs, background }) as TestServer;
}
