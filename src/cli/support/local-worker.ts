import { NativeConnection, type Worker } from '@temporalio/worker';
import { createRunbookWorker } from '../../worker/create-worker.js';
import { installRuntime } from '../../worker/runtime.js';
import type { CliIO } from '../io.js';
import { type ConnectionSettings, connectionOptionsOf } from './connection.js';
import { checkoutCacheDir, logDir } from './paths.js';
import { workerSecretSources } from './secret-sources.js';

/** A worker in this process, with the same activities and folders as `runbook worker`. */
export async function createLocalWorker(
  settings: ConnectionSettings,
  io: CliIO,
  identity: string,
): Promise<{ worker: Worker; close: () => Promise<void> }> {
  installRuntime(io.env, 'ERROR');
  const connection = await NativeConnection.connect(connectionOptionsOf(settings));
  const worker = await createRunbookWorker({
    connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    identity,
    activities: {
      logDir: logDir(io.env),
      checkoutCacheDir: checkoutCacheDir(io.env),
      env: io.env,
      secretSources: workerSecretSources(io.env),
    },
  });
  return { worker, close: () => connection.close() };
}
