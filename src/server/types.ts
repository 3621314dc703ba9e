import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Client } from '@temporalio/client';
import type { ConnectionSettings } from '../cli/support/connection.js';
import type { RunbookCatalog } from '../source/catalog.js';
import type { BackgroundWork } from './background.js';

/** One HTTP endpoint. The body is unread: a route reads it itself (see readRawBody). */
export interface ServerRoute {
  /** `OPTIONS` answers a browser's CORS preflight (the codec server's). */
  readonly method: 'GET' | 'POST' | 'OPTIONS';
  /** Exact path, without query string, e.g. `/slack/commands`. */
  readonly path: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** Slack, GitHub, the codec server …: each on when its settings are present. */
export interface Integration {
  readonly name: string;
  readonly routes: readonly ServerRoute[];
  /** One line for the start banner, e.g. `slack: /slack/events, /slack/commands (2 signing secrets)`. */
  describe(): string;
  /** Stop timers and watchers; in-flight background work is drained by the server first. */
  close(): Promise<void>;
}

/** What every integration is given. */
export interface ServerContext {
  readonly client: Client;
  readonly settings: ConnectionSettings;
  /** Where runbooks are read from by name; undefined when no source repository is configured. */
  readonly catalog: RunbookCatalog | undefined;
  readonly env: NodeJS.ProcessEnv;
  /** Work that continues after a request was answered (Slack wants an answer within 3s). */
  readonly background: BackgroundWork;
  /** One line to the server's log (stderr). Never pass secrets or request bodies. */
  log(line: string): void;
}

/** Returns the integration, or `undefined` with no settings for it (then it is off). */
export type IntegrationFactory = (context: ServerContext) => Promise<Integration | undefined>;
