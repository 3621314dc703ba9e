import { fileURLToPath } from 'node:url';
import {
  bundleWorkflowCode,
  type NativeConnection,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { createWorkerActivities, type WorkerActivityDeps } from './activities.js';

/** The task queue runs are started on unless configured otherwise. */
export const DEFAULT_TASK_QUEUE = 'runbooks';

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
}

/** A worker that runs the interpreter and every step activity. */
export async function createRunbookWorker(options: RunbookWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    ...(options.identity === undefined ? {} : { identity: options.identity }),
    workflowBundle: await runbookWorkflowBundle(),
    activities: createWorkerActivities(options.activities),
  });
}
