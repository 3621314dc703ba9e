import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { type DevServer, startDevServer } from '../../src/testing/dev-server.js';
import { freePort } from '../../src/testing/free-port.js';

/**
 * A real `temporal server start-dev` kept in one SQLite file on one port, so that it can be
 * stopped and started again on the same state: workers and clients reconnect to the same address.
 */
export interface DevServerFixture {
  /** A scratch folder of its own: the SQLite file, the server logs, and room for the test's files. */
  readonly dir: string;
  readonly dbFile: string;
  /** `127.0.0.1:<port>`, the same across restarts. */
  readonly address: string;
  /** Whether a server process is running now. */
  readonly running: boolean;
  /** Stops the server (SIGTERM, then SIGKILL after a grace period); the SQLite file stays. */
  stop(): Promise<void>;
  /** Starts the server again on the same port and SQLite file and waits until it answers. */
  start(): Promise<void>;
}

/** Starts a dev server in a fresh scratch folder (or `options.dir`), headless. */
export async function startDevServerFixture(
  options: { readonly dir?: string; readonly prefix?: string } = {},
): Promise<DevServerFixture> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), options.prefix ?? 'rr-dev-'));
  const dbFile = join(dir, 'temporal.db');
  const port = await freePort();
  let server: DevServer | undefined;
  const start = async () => {
    if (server !== undefined) throw new Error(`the dev server on port ${port} is already running`);
    server = await startDevServer({ dbFile, logDir: dir, port, uiPort: false });
  };
  await start();
  return {
    dir,
    dbFile,
    address: `127.0.0.1:${port}`,
    get running() {
      return server !== undefined;
    },
    async stop() {
      const current = server;
      server = undefined;
      await current?.stop();
    },
    start,
  };
}

/**
 * A dev server for the calling file (or `describe` block): started in a `before` hook, stopped in
 * an `after` hook. Read its fields inside tests and hooks, after `before` has run.
 */
export function useDevServer(options: { readonly prefix?: string } = {}): DevServerFixture {
  let fixture: DevServerFixture | undefined;
  before(async () => {
    fixture = await startDevServerFixture(options);
  });
  after(async () => {
    await fixture?.stop();
  });
  const current = (): DevServerFixture => {
    if (fixture === undefined) {
      throw new Error('the dev server is not started yet: read it inside a test or hook');
    }
    return fixture;
  };
  return {
    get dir() {
      return current().dir;
    },
    get dbFile() {
      return current().dbFile;
    },
    get address() {
      return current().address;
    },
    get running() {
      return current().running;
    },
    stop: () => current().stop(),
    start: () => current().start(),
  };
}
