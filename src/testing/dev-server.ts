import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { RunbookError } from '../runbook/errors.js';
import { runbookSearchAttributes } from '../workflows/search-attributes.js';
import { stopChild, trackChild } from './child-processes.js';
import { freePort } from './free-port.js';
import { temporalCliPath } from './toolchain.js';

/** How long a dev server may take to answer after it was started (SQLite migration included). */
const DEV_SERVER_START_TIMEOUT_MS = 60_000;

/**
 * Thrown when `temporal server start-dev` exits or does not answer within its start timeout
 * (a port taken, a locked or corrupt SQLite file, a broken binary). `logFile` holds its output.
 */
export class DevServerStartError extends RunbookError {
  readonly code = 'DevServerFailed';
  readonly kind = 'environment';
  constructor(
    message: string,
    readonly logFile: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface DevServerOptions {
  /** SQLite file; state survives restarts of the server when the same file is reused. */
  readonly dbFile: string;
  /** Folder for the server's log file. */
  readonly logDir: string;
  readonly port?: number;
  /** Web UI port; `false` starts the server headless. */
  readonly uiPort?: number | false;
  readonly namespace?: string;
  /** Extra `--dynamic-config-value` entries, e.g. to enable Worker Deployment APIs. */
  readonly dynamicConfig?: Readonly<Record<string, string | number | boolean>>;
}

export interface DevServer {
  readonly address: string;
  readonly namespace: string;
  readonly uiUrl: string | undefined;
  readonly logFile: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** The `temporal server start-dev` arguments for the given ports and options. */
export function devServerArgs(
  options: DevServerOptions,
  port: number,
  uiPort: number | false,
): string[] {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--db-filename',
    options.dbFile,
    '--log-level',
    'warn',
  ];
  if (uiPort === false) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  if (options.namespace !== undefined && options.namespace !== 'default') {
    args.push('--namespace', options.namespace);
  }
  for (const key of runbookSearchAttributes) {
    args.push('--search-attribute', `${key.name}=Keyword`);
  }
  for (const [key, value] of Object.entries(options.dynamicConfig ?? {})) {
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }
  return args;
}

/** Waits until the frontend answers and the namespace is usable. */
export async function waitForTemporal(
  address: string,
  namespace: string,
  timeoutMs: number,
  isAlive: () => boolean = () => true,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline && isAlive()) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  if (!isAlive()) throw new Error(`the server process exited before ${address} answered`);
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(
    `Temporal at ${address} did not become ready within ${timeoutMs} ms (last error: ${reason})`,
  );
}

/**
 * Starts `temporal server start-dev` (the real server, SQLite-backed) on free loopback ports with
 * runbook-runner's search attributes registered, and waits until it is healthy.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const binary = temporalCliPath();
  const port = options.port ?? (await freePort());
  const uiPort = options.uiPort === false ? false : (options.uiPort ?? (await freePort()));
  const namespace = options.namespace ?? 'default';
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `temporal-dev-server-${port}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn(binary, devServerArgs(options, port, uiPort), {
    stdio: ['ignore', log, log],
    env: process.env,
  });
  trackChild(child);
  const address = `127.0.0.1:${port}`;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  try {
    await waitForTemporal(address, namespace, DEV_SERVER_START_TIMEOUT_MS, () => !exited);
    if (exited) throw new Error('the process exited');
  } catch (error) {
    await stopChild(child);
    const reason = error instanceof Error ? error.message : String(error);
    throw new DevServerStartError(
      `The Temporal dev server did not start: ${reason}. Command: ${binary} ${devServerArgs(options, port, uiPort).join(' ')}. Read its log: ${logFile}`,
      logFile,
      { cause: error },
    );
  }
  return {
    address,
    namespace,
    uiUrl: uiPort === false ? undefined : `http://127.0.0.1:${uiPort}`,
    logFile,
    process: child,
    stop: () => stopChild(child),
  };
}
