import { fileURLToPath } from 'node:url';
import {
  bundleWorkflowCode,
  type NativeConnection,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { workerExtrasFromEnv } from '../temporal/process-extras.js';
import { createWorkerActivities, type WorkerActivityDeps } from './activities.js';
import { type WorkerDeployment, workerDeploymentOptions } from './deployment.js';
import { DEFAULT_TASK_QUEUE } from './task-queue.js';

/** Longest wait before a heartbeat reaches the server (and a cancellation reaches the step). */
export const HEARTBEAT_THROTTLE_MS = 2_000;

export { DEFAULT_TASK_QUEUE } from './task-queue.js';

/** The interpreter's entry module, as TypeScript in a checkout or JavaScript in a build. */
export const workflowsPath = fileURLToPath(
  new URL(`../workflows/index.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url),
);

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Bundles the interpreter once per process (several seconds), then reuses it. */
export function runbookWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger });
  return bundle;
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, meta?: Record<string, unknown>) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: Record<string, unknown>) => console.error(message, meta ?? ''),
};

export interface RunbookWorkerOptions {
  readonly connection: NativeConnection;
  readonly namespace?: string;
  readonly taskQueue?: string;
  readonly identity?: string;
  readonly activities: WorkerActivityDeps;
  /**
   * The Worker Deployment Version to register (`workerDeploymentFromEnv`); absent: unversioned.
   * A versioned worker gets no new runs until its version is current or ramping.
   */
  readonly deployment?: WorkerDeployment;
}

/** A worker that runs the interpreter and every step activity. */
export async function createRunbookWorker(options: RunbookWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    ...(options.identity === undefined ? {} : { identity: options.identity }),
    ...(options.deployment === undefined
      ? {}
      : { workerDeploymentOptions: workerDeploymentOptions(options.deployment) }),
    workflowBundle: await runbookWorkflowBundle(),
    // Heartbeats are how a running command learns it was cancelled; the default throttle (80% of
    // the heartbeat timeout) would let a cancelled process run on for ~16 s.
    maxHeartbeatThrottleInterval: HEARTBEAT_THROTTLE_MS,
    activities: createWorkerActivities(options.activities),
    // The codec and tracing every client of the project also uses (src/temporal/process-extras.ts).
    ...workerExtrasFromEnv(options.activities.env),
  });
}
