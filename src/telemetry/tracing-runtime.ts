// One tracer provider per service name per process, created on first use: the batch exporter,
// the process-wide context manager and propagator. Nothing of this exists while tracing is off.
import { context, propagation, type Tracer, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { AsyncLocalContextManager } from './async-context-manager.js';
import { RedactingSpanProcessor } from './redacting-span-processor.js';
import type { TracingSettings } from './tracing-settings.js';

/** The name of the tracer the project's own spans (`runbook.start`) come from. */
export const RUNBOOK_TRACER_NAME = 'runbook-runner';

export interface TracingRuntime {
  readonly settings: TracingSettings;
  readonly tracer: Tracer;
  readonly resource: Resource;
  /** Every span this process ends goes through this processor (workflow spans too). */
  readonly spanProcessor: RedactingSpanProcessor;
  readonly provider: BasicTracerProvider;
}

const runtimes = new Map<string, TracingRuntime>();
let globalsInstalled = false;
let globalProviderInstalled = false;

/**
 * The runtime for `settings`, created once per service name and URL. The first client runtime
 * of the process also becomes the global tracer provider, which makes the `runbook.start` span.
 */
export function tracingRuntime(
  settings: TracingSettings,
  role: 'client' | 'worker',
): TracingRuntime {
  const id = `${settings.serviceName} ${settings.url}`;
  const existing = runtimes.get(id);
  if (existing !== undefined) {
    if (role === 'client') installGlobalProvider(existing.provider);
    return existing;
  }
  const resource = new Resource({ [ATTR_SERVICE_NAME]: settings.serviceName });
  const spanProcessor = new RedactingSpanProcessor(
    new BatchSpanProcessor(
      new OTLPTraceExporter({ url: settings.url, headers: { ...settings.headers } }),
    ),
  );
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  const runtime: TracingRuntime = {
    settings,
    provider,
    tracer: provider.getTracer(RUNBOOK_TRACER_NAME),
    resource,
    spanProcessor,
  };
  installGlobals();
  if (role === 'client') installGlobalProvider(provider);
  runtimes.set(id, runtime);
  return runtime;
}

/**
 * The context manager (so the active span survives `await`) and the W3C propagator (how the
 * interceptors write a span into headers): a process has one of each.
 */
function installGlobals(): void {
  if (globalsInstalled) return;
  globalsInstalled = true;
  context.setGlobalContextManager(new AsyncLocalContextManager());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}

function installGlobalProvider(provider: BasicTracerProvider): void {
  if (globalProviderInstalled) return;
  globalProviderInstalled = true;
  trace.setGlobalTracerProvider(provider);
}

/**
 * Exports every span that has ended and not yet been sent. The CLI calls it before it exits and a
 * worker after it shut down: a process that exits first loses the spans still in the batch (for a
 * `runbook run`, the run's root span).
 */
export async function flushTracing(): Promise<void> {
  await Promise.all([...runtimes.values()].map((runtime) => runtime.spanProcessor.forceFlush()));
}
