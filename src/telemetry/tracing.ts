import type { ClientInterceptors } from '@temporalio/client';
import type { WorkerOptions } from '@temporalio/worker';

/** Tracing on a client: interceptors that start a run's trace, or undefined when tracing is off. */
export function clientTracingFromEnv(_env: NodeJS.ProcessEnv): ClientInterceptors | undefined {
  return undefined;
}

/** Tracing on a worker: its interceptors and sinks, or undefined when tracing is off. */
export function workerTracingFromEnv(
  _env: NodeJS.ProcessEnv,
): Pick<WorkerOptions, 'interceptors' | 'sinks'> | undefined {
  return undefined;
}
