// Tracing of clients and workers (see docs/tracing.md), spread into every one of them by
// src/temporal/process-extras.ts. Off unless an OTLP endpoint is set: then a client gets no
// interceptor and a worker only a no-op sink for the spans its bundled workflow interceptors
// hand over (a prebuilt bundle always contains them; see src/worker/bundle-options.ts).
import type { ClientInterceptors, WorkflowClientInterceptor } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  type OpenTelemetrySinks,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks, WorkerOptions } from '@temporalio/worker';
import { stepAttributesInterceptor } from './step-attributes.js';
import { tracingRuntime } from './tracing-runtime.js';
import { type RunbookServiceName, tracingSettingsFromEnv } from './tracing-settings.js';

let clientServiceName: RunbookServiceName = 'runbook-cli';

/**
 * The default service name of this process's clients (`runbook server` says `runbook-server`;
 * everything else is the CLI). `OTEL_SERVICE_NAME` overrides it.
 */
export function useClientServiceName(name: RunbookServiceName): void {
  clientServiceName = name;
}

/**
 * OpenTelemetry's client interceptor for what starts a workflow only. A vote, a cancel, a query
 * (`runbook run` follows a run with several a second) or a describe is not a new trace: the
 * workflow puts votes under the run's own span (src/telemetry/workflow-interceptors.ts).
 */
class RunStartClientInterceptor extends OpenTelemetryWorkflowClientInterceptor {
  override signal(...[input, next]: Parameters<WorkflowClientInterceptor['signal'] & {}>) {
    return next(input);
  }
  override startUpdate(
    ...[input, next]: Parameters<WorkflowClientInterceptor['startUpdate'] & {}>
  ) {
    return next(input);
  }
  override query(...[input, next]: Parameters<WorkflowClientInterceptor['query'] & {}>) {
    return next(input);
  }
  override terminate(...[input, next]: Parameters<WorkflowClientInterceptor['terminate'] & {}>) {
    return next(input);
  }
  override cancel(...[input, next]: Parameters<WorkflowClientInterceptor['cancel'] & {}>) {
    return next(input);
  }
  override describe(...[input, next]: Parameters<WorkflowClientInterceptor['describe'] & {}>) {
    return next(input);
  }
}

/** Tracing on a client: interceptors that start a run's trace, or undefined when tracing is off. */
export function clientTracingFromEnv(env: NodeJS.ProcessEnv): ClientInterceptors | undefined {
  const settings = tracingSettingsFromEnv(env, clientServiceName);
  if (settings === undefined) return undefined;
  const { tracer } = tracingRuntime(settings, 'client');
  return { workflow: [new RunStartClientInterceptor({ tracer })] };
}

/**
 * The `exporter` sink of the bundled workflow interceptors when tracing is off: their spans are
 * dropped here instead of being reported as calls to an unregistered sink.
 */
const DROPPED_WORKFLOW_SPANS: InjectedSinks<OpenTelemetrySinks> = {
  exporter: { export: { fn: () => undefined } },
};

/** Tracing on a worker: its interceptors and sinks, or undefined when tracing is off. */
export function workerTracingFromEnv(
  env: NodeJS.ProcessEnv,
): Pick<WorkerOptions, 'interceptors' | 'sinks'> | undefined {
  const settings = tracingSettingsFromEnv(env, 'runbook-worker');
  if (settings === undefined) return { sinks: DROPPED_WORKFLOW_SPANS };
  const { tracer, resource, spanProcessor } = tracingRuntime(settings, 'worker');
  return {
    interceptors: {
      // OpenTelemetry's first: the step attributes go onto the span it makes active.
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer }),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
        stepAttributesInterceptor,
      ],
    },
    sinks: { exporter: makeWorkflowExporter(spanProcessor, resource) },
  };
}
