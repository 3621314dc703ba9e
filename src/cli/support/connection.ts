import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { clientExtrasFromEnv } from '../../temporal/process-extras.js';
import { DevServerStartError, devServerArgs, waitForTemporal } from '../../testing/dev-server.js';
import { freePort } from '../../testing/free-port.js';
import { temporalCliPath } from '../../testing/toolchain.js';
import { DEFAULT_TASK_QUEUE } from '../../worker/create-worker.js';
import { TemporalUnreachableError } from '../errors.js';
import { type CliIO, UsageError } from '../io.js';
import { devServerDir } from './paths.js';

/** Time the embedded server may take to start (first start creates the SQLite schema). */
const EMBEDDED_START_TIMEOUT_MS = 60_000;
/** How long connecting to a Temporal frontend may take before it counts as unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;

/** TLS and API-key settings, named as the `temporal` CLI names them. */
export interface ConnectionSecurity {
  readonly apiKey?: string;
  readonly tls?: {
    readonly serverName?: string;
    readonly serverRootCACertificate?: Buffer;
    readonly clientCertPair?: { readonly crt: Buffer; readonly key: Buffer };
  };
}

export interface ConnectionSettings extends ConnectionSecurity {
  readonly address: string;
  readonly namespace: string;
  readonly taskQueue: string;
  /** Set when we are talking to the embedded dev server. */
  readonly embedded?: { readonly uiUrl: string; readonly pid: number };
}

interface EmbeddedServerRecord {
  address: string;
  uiUrl: string;
  pid: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Connection settings: `--address`/`TEMPORAL_ADDRESS`, `--namespace`/`TEMPORAL_NAMESPACE`,
 * `--task-queue`/`RUNBOOK_TASK_QUEUE`. With no address anywhere, the embedded dev server (a real
 * `temporal server start-dev` with SQLite under the state folder), started if not running.
 */
export async function resolveConnection(
  io: CliIO,
  flags: {
    address?: string | undefined;
    namespace?: string | undefined;
    taskQueue?: string | undefined;
  },
): Promise<ConnectionSettings> {
  const namespace = flags.namespace ?? io.env.TEMPORAL_NAMESPACE ?? 'default';
  const taskQueue = flags.taskQueue ?? io.env.RUNBOOK_TASK_QUEUE ?? DEFAULT_TASK_QUEUE;
  const address = flags.address ?? io.env.TEMPORAL_ADDRESS;
  if (address !== undefined) return { address, namespace, taskQueue, ...securityFromEnv(io.env) };
  const embedded = await ensureEmbeddedServer(io);
  return { address: embedded.address, namespace, taskQueue, embedded };
}

/** Starts the embedded dev server in the background, or reuses the one already running. */
export async function ensureEmbeddedServer(io: CliIO): Promise<EmbeddedServerRecord> {
  const dir = devServerDir(io.env);
  mkdirSync(dir, { recursive: true });
  const recordFile = join(dir, 'server.json');
  if (existsSync(recordFile)) {
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as EmbeddedServerRecord;
    if (alive(record.pid)) {
      try {
        await waitForTemporal(record.address, 'default', EMBEDDED_START_TIMEOUT_MS, () =>
          alive(record.pid),
        );
      } catch (error) {
        throw new DevServerStartError(
          `the embedded Temporal dev server (pid ${record.pid}, ${record.address}) is running but does not answer. Stop it with \`runbook dev --stop\` and run the command again; its log is ${join(dir, 'server.log')}`,
          join(dir, 'server.log'),
          { cause: error },
        );
      }
      return record;
    }
  }
  const port = await freePort();
  const uiPort = await freePort();
  const logFile = join(dir, 'server.log');
  const log = openSync(logFile, 'a');
  const args = devServerArgs({ dbFile: join(dir, 'temporal.db'), logDir: dir }, port, uiPort);
  const binary = temporalCliPath(io.env);
  io.stderr.write(
    `Starting the embedded Temporal dev server (SQLite at ${join(dir, 'temporal.db')})…\n`,
  );
  // Detached so it outlives this command: `runbook status` and the Web UI keep working. Stop it
  // with `runbook dev --stop`.
  const child = spawn(binary, args, {
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
  if (child.pid === undefined)
    throw new DevServerStartError(
      `could not start the embedded Temporal dev server (${binary}); see ${logFile}`,
      logFile,
    );
  const record = {
    address: `127.0.0.1:${port}`,
    uiUrl: `http://127.0.0.1:${uiPort}`,
    pid: child.pid,
  };
  const pid = child.pid;
  try {
    await waitForTemporal(record.address, 'default', EMBEDDED_START_TIMEOUT_MS, () => alive(pid));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DevServerStartError(
      `the embedded Temporal dev server did not start (${reason}). Read its log: ${logFile}. To use another server instead, pass --address or set TEMPORAL_ADDRESS.`,
      logFile,
      { cause: error },
    );
  }
  writeFileSync(recordFile, JSON.stringify(record, null, 2));
  return record;
}

/** Stops the embedded dev server if one is recorded as running. Returns whether it was. */
export function stopEmbeddedServer(io: CliIO): boolean {
  const recordFile = join(devServerDir(io.env), 'server.json');
  if (!existsSync(recordFile)) return false;
  const record = JSON.parse(readFileSync(recordFile, 'utf8')) as EmbeddedServerRecord;
  if (!alive(record.pid)) return false;
  process.kill(record.pid, 'SIGTERM');
  return true;
}

/**
 * `TEMPORAL_API_KEY`, `TEMPORAL_TLS` (true/false), `TEMPORAL_TLS_CERT` + `TEMPORAL_TLS_KEY` (mTLS
 * client pair, file paths), `TEMPORAL_TLS_CA` (file path), `TEMPORAL_TLS_SERVER_NAME`. An API
 * key or any TLS file turns TLS on.
 */
export function securityFromEnv(env: NodeJS.ProcessEnv): ConnectionSecurity {
  const read = (name: string): Buffer | undefined => {
    const path = env[name];
    if (path === undefined || path === '') return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      throw new UsageError(`${name}=${path}: cannot read the file (${(error as Error).message})`);
    }
  };
  const crt = read('TEMPORAL_TLS_CERT');
  const key = read('TEMPORAL_TLS_KEY');
  if ((crt === undefined) !== (key === undefined)) {
    throw new UsageError(
      'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together (the mTLS client certificate and its key)',
    );
  }
  const ca = read('TEMPORAL_TLS_CA');
  const serverName = env.TEMPORAL_TLS_SERVER_NAME;
  const apiKey = env.TEMPORAL_API_KEY;
  const wantsTls =
    env.TEMPORAL_TLS === 'true' || apiKey !== undefined || crt !== undefined || ca !== undefined;
  if (!wantsTls || env.TEMPORAL_TLS === 'false') return apiKey === undefined ? {} : { apiKey };
  return {
    ...(apiKey === undefined ? {} : { apiKey }),
    tls: {
      ...(serverName === undefined ? {} : { serverName }),
      ...(ca === undefined ? {} : { serverRootCACertificate: ca }),
      ...(crt === undefined || key === undefined ? {} : { clientCertPair: { crt, key } }),
    },
  };
}

/** Options shared by the client's and the worker's connections. */
export function connectionOptionsOf(settings: ConnectionSettings) {
  return {
    address: settings.address,
    ...(settings.apiKey === undefined ? {} : { apiKey: settings.apiKey }),
    ...(settings.tls === undefined ? {} : { tls: settings.tls }),
  };
}

/** @throws TemporalUnreachableError when the frontend does not answer. */
export async function connectClient(
  settings: ConnectionSettings,
  env: NodeJS.ProcessEnv,
): Promise<{ client: Client; connection: Connection }> {
  let connection: Connection;
  try {
    connection = await Connection.connect({
      ...connectionOptionsOf(settings),
      connectTimeout: CONNECT_TIMEOUT_MS,
    });
  } catch (error) {
    throw new TemporalUnreachableError(settings.address, { cause: error });
  }
  return {
    client: new Client({ connection, namespace: settings.namespace, ...clientExtrasFromEnv(env) }),
    connection,
  };
}

/**
 * Resolves the connection from a command's flags, connects a client, runs `body`, and always
 * closes the connection: the shape every command that talks to Temporal shares.
 */
export async function withClient<T>(
  io: CliIO,
  flags: {
    address?: string | undefined;
    namespace?: string | undefined;
    'task-queue'?: string | undefined;
  },
  body: (client: Client, settings: ConnectionSettings) => Promise<T>,
): Promise<T> {
  const settings = await resolveConnection(io, {
    address: flags.address,
    namespace: flags.namespace,
    taskQueue: flags['task-queue'],
  });
  const { client, connection } = await connectClient(settings, io.env);
  try {
    return await body(client, settings);
  } finally {
    await connection.close();
  }
}
