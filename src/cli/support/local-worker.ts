import { NativeConnection, type Worker } from '@temporalio/worker';
import type { SourceSettings } from '../../source/settings.js';
import { createRunbookWorker } from '../../worker/create-worker.js';
import { METRICS_ADDRESS_SETTING, MetricsAddressError } from '../../worker/metrics-address.js';
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
 * The runtime of a short-lived CLI worker: a metrics port that is taken (usually by the
 * `runbook worker` on this machine) costs this run its metrics, not the run itself.
 */
function installLocalRuntime(io: CliIO): void {
  try {
    installRuntime(io.env, 'ERROR');
  } catch (error) {
    if (!(error instanceof MetricsAddressError) || error.code !== 'RB9021') throw error;
    io.stderr.write(`${error.code}: ${error.message}; this run's worker exports no metrics\n`);
    installRuntime({ ...io.env, [METRICS_ADDRESS_SETTING]: undefined }, 'ERROR');
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
  installLocalRuntime(io);
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
