import {
  bundleWorkflowCode,
  type NativeConnection,
  Worker,
  type WorkflowBundleOption,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { encodesFailures } from '../codec/data-converter.js';
import { workerExtrasFromEnv } from '../temporal/process-extras.js';
import { createWorkerActivities, type WorkerActivityDeps } from './activities.js';
import { type InterpreterBundleVariant, runbookBundleOptions } from './bundle-options.js';
import { type WorkerDeployment, workerDeploymentOptions } from './deployment.js';
import { prebuiltBundlePath } from './prebuilt-bundle.js';
import type { ShutdownPlan } from './shutdown.js';
import { DEFAULT_TASK_QUEUE } from './task-queue.js';
import { workflowCacheFromEnv } from './workflow-cache.js';

/** Longest wait before a heartbeat reaches the server (and a cancellation reaches the step). */
export const HEARTBEAT_THROTTLE_MS = 2_000;

export type { InterpreterBundleVariant } from './bundle-options.js';
export { runbookBundleOptions, workflowsPath } from './bundle-options.js';
export { DEFAULT_TASK_QUEUE } from './task-queue.js';

const bundles = new Map<boolean, Promise<WorkflowBundleWithSourceMap>>();

/** Bundles the interpreter once per process and variant (several seconds), then reuses it. */
export function runbookWorkflowBundle(
  variant: InterpreterBundleVariant = { encodedFailures: false },
): Promise<WorkflowBundleWithSourceMap> {
  let bundle = bundles.get(variant.encodedFailures);
  if (bundle === undefined) {
    bundle = bundleWorkflowCode({ ...runbookBundleOptions(variant), logger: quietBundlerLogger });
    bundles.set(variant.encodedFailures, bundle);
  }
  return bundle;
}

/** Where a worker's interpreter bundle comes from (see prebuilt-bundle.ts). */
export type WorkflowBundleSource =
  | { readonly kind: 'prebuilt'; readonly codePath: string }
  | { readonly kind: 'bundled-at-start'; readonly variant: InterpreterBundleVariant };

/** The prebuilt bundle named or shipped beside the compiled code, else bundling at start. */
export function workflowBundleSource(env: NodeJS.ProcessEnv): WorkflowBundleSource {
  const variant = { encodedFailures: encodesFailures(env) };
  const codePath = prebuiltBundlePath(env, import.meta.url, variant);
  return codePath === undefined
    ? { kind: 'bundled-at-start', variant }
    : { kind: 'prebuilt', codePath };
}

async function workflowBundleOption(source: WorkflowBundleSource): Promise<WorkflowBundleOption> {
  return source.kind === 'prebuilt'
    ? { codePath: source.codePath }
    : runbookWorkflowBundle(source.variant);
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
  /** Where the interpreter bundle comes from; default: {@link workflowBundleSource} of the env. */
  readonly bundle?: WorkflowBundleSource;
  /**
   * What a shutdown does (drain, then cancel); default: the SDK's (cancel at once, no force).
   * `runbook worker` passes the plan of RUNBOOK_SHUTDOWN_GRACE.
   */
  readonly shutdown?: ShutdownPlan;
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
    workflowBundle: await workflowBundleOption(
      options.bundle ?? workflowBundleSource(options.activities.env),
    ),
    ...(options.shutdown === undefined
      ? {}
      : {
          shutdownGraceTime: options.shutdown.drainMs,
          shutdownForceTime: options.shutdown.forceMs,
        }),
    // Heartbeats are how a running command learns it was cancelled; the default throttle (80% of
    // the heartbeat timeout) would let a cancelled process run on for ~16 s.
    maxHeartbeatThrottleInterval: HEARTBEAT_THROTTLE_MS,
    // RUNBOOK_MAX_CACHED_WORKFLOWS: idle runs leave the cache and replay when their event comes.
    ...workflowCacheFromEnv(options.activities.env),
    activities: createWorkerActivities(options.activities),
    // The codec and tracing every client of the project also uses (src/temporal/process-extras.ts).
    ...workerExtrasFromEnv(options.activities.env),
  });
}
