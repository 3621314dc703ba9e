import { NativeConnection, type Worker } from '@temporalio/worker';
import type { SourceSettings } from '../../source/settings.js';
import { createRunbookWorker } from '../../worker/create-worker.js';
import { installRuntime } from '../../worker/runtime.js';
import { TemporalUnreachableError } from '../errors.js';
import type { CliIO } from '../io.js';
import { type ConnectionSettings, connectionOptionsOf } from './connection.js';
import { checkoutCacheDir, logDir, mirrorCacheDir } from './paths.js';
import { workerSecretSources } from './secret-sources.js';
import { cliSourceSettings } from './source-settings.js';

/** A worker's connection to the server `settings` name; `TemporalUnreachableError` if none answers. */
export async function connectWorker(settings: ConnectionSettings): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect(connectionOptionsOf(settings));
  } catch (error) {
    throw new TemporalUnreachableError(settings.address, { cause: error });
  }
}

/**
 * A worker in this process, with the same activities and folders as `runbook worker`; `source`
 * is the run's source repository (`--repo` or RUNBOOK_REPO), whose origin gets the token.
 */
export async function createLocalWorker(
  settings: ConnectionSettings,
  io: CliIO,
  identity: string,
  source: SourceSettings | undefined = cliSourceSettings(io),
): Promise<{ worker: Worker; close: () => Promise<void> }> {
  installRuntime(io.env, 'ERROR');
  const connection = await connectWorker(settings);
  const worker = await createRunbookWorker({
    connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    identity,
    activities: {
      logDir: logDir(io.env),
      checkoutCacheDir: checkoutCacheDir(io.env),
      mirrorCacheDir: mirrorCacheDir(io.env),
      ...(source === undefined ? {} : { source }),
      env: io.env,
      secretSources: workerSecretSources(io.env),
    },
  });
  return { worker, close: () => connection.close() };
}
