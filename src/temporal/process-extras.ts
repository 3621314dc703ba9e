// The one place that decides what every Temporal client and worker of the project adds to the
// SDK defaults (payload encryption, tracing), so the CLI, `runbook server`, workers and the
// GitHub Action can never disagree about how a payload is encoded.
import type { ClientInterceptors } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { WorkerOptions } from '@temporalio/worker';
import { dataConverterFromEnv, workerDataConverterFromEnv } from '../codec/data-converter.js';
import { clientTracingFromEnv, workerTracingFromEnv } from '../telemetry/tracing.js';

export interface ClientExtras {
  readonly dataConverter?: DataConverter;
  readonly interceptors?: ClientInterceptors;
}

export type WorkerExtras = Pick<WorkerOptions, 'dataConverter' | 'interceptors' | 'sinks'>;

/** Options to spread into `new Client({ connection, namespace, ... })`. */
export function clientExtrasFromEnv(env: NodeJS.ProcessEnv): ClientExtras {
  const dataConverter = dataConverterFromEnv(env);
  const interceptors = clientTracingFromEnv(env);
  return {
    ...(dataConverter === undefined ? {} : { dataConverter }),
    ...(interceptors === undefined ? {} : { interceptors }),
  };
}

/** Options to spread into `Worker.create({ ... })`. */
export function workerExtrasFromEnv(env: NodeJS.ProcessEnv): WorkerExtras {
  // The workflow side of the failure converter is in the interpreter bundle (create-worker.ts).
  const dataConverter = workerDataConverterFromEnv(env);
  const tracing = workerTracingFromEnv(env);
  return {
    ...(dataConverter === undefined ? {} : { dataConverter }),
    ...(tracing ?? {}),
  };
}
