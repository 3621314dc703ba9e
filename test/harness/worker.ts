import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { SourceSettings } from '../../src/source/settings.js';
import { clientExtrasFromEnv } from '../../src/temporal/process-extras.js';
import { createRunbookWorker } from '../../src/worker/create-worker.js';

/**
 * What a test needs of a Temporal server: a client to start and query runs, and the native
 * connection workers poll on. A `TestWorkflowEnvironment` is one; {@link connectTo} makes one
 * for a dev server.
 */
export interface TemporalAccess {
  readonly client: Client;
  readonly nativeConnection: NativeConnection;
}

/**
 * Connections to the Temporal server at `address`; `close()` them when done. With `env`, the
 * client adds what every client of the project adds for that environment (the payload codec of
 * RUNBOOK_CODEC_KEYS, tracing): src/temporal/process-extras.ts.
 */
export async function connectTo(
  address: string,
  env?: NodeJS.ProcessEnv,
): Promise<TemporalAccess & { close(): Promise<void> }> {
  const [connection, nativeConnection] = await Promise.all([
    Connection.connect({ address }),
    NativeConnection.connect({ address }),
  ]);
  return {
    client: new Client({
      connection,
      ...(env === undefined ? {} : clientExtrasFromEnv(env)),
    }),
    nativeConnection,
    async close() {
      await Promise.all([connection.close(), nativeConnection.close()]);
    },
  };
}

/** A worker with the real activities, its own task queue and its own scratch folder. */
export interface TestWorker {
  /** Where `run:` steps of an uncommitted runbook work (see `runInput`) and logs are written. */
  readonly dir: string;
  readonly worker: Worker;
  readonly taskQueue: string;
}

let counter = 0;

export interface TestWorkerOptions {
  readonly dir?: string;
  readonly taskQueue?: string;
  /**
   * The cluster of the `kubernetes.*` steps; also `KUBECONFIG` of `run:` steps, so that a
   * script's kubectl talks to the same cluster.
   */
  readonly kubeconfigPath?: string;
  /** Variables added to the worker's environment (what `env:NAME` secret params resolve to). */
  readonly env?: Readonly<Record<string, string>>;
  /** The worker's RUNBOOK_REPO settings (its token for the origin); its mirrors stay in `dir`. */
  readonly source?: SourceSettings | undefined;
}

/**
 * The worker factory: the interpreter and every step activity on `temporal`'s native connection,
 * logging into a fresh temp folder (or `options.dir`, which also holds its checkouts and mirrors), on a task queue unique to this process
 * (or `options.taskQueue`, to resume a queue after a restart).
 */
export async function startTestWorker(
  temporal: Pick<TemporalAccess, 'nativeConnection'>,
  options: TestWorkerOptions = {},
): Promise<TestWorker> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'rr-wf-'));
  const taskQueue = options.taskQueue ?? `runbooks-${process.pid}-${counter++}`;
  const worker = await createRunbookWorker({
    connection: temporal.nativeConnection,
    taskQueue,
    activities: {
      logDir: join(dir, 'logs'),
      checkoutCacheDir: join(dir, 'checkouts'),
      mirrorCacheDir: join(dir, 'mirrors'),
      ...(options.source === undefined ? {} : { source: options.source }),
      // Without additions the worker sees process.env itself, as a real worker does.
      env:
        options.kubeconfigPath === undefined && options.env === undefined
          ? process.env
          : {
              ...process.env,
              ...(options.kubeconfigPath === undefined
                ? {}
                : { KUBECONFIG: options.kubeconfigPath }),
              ...options.env,
            },
      ...(options.kubeconfigPath === undefined
        ? {}
        : { kubernetes: { kubeconfigPath: options.kubeconfigPath } }),
    },
  });
  return { dir, worker, taskQueue };
}
