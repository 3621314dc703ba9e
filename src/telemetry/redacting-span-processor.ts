// What leaves the process: only attributes that are known to carry names and ids. Error messages
// (a failed command's message, a workflow failure) and the workflow info the SDK merges into
// workflow spans (memo, search attributes, last failure) can carry a param's value, so they
// never reach the exporter; the status code and the exception type do.
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor, TimedEvent } from '@opentelemetry/sdk-trace-base';

/** Attribute keys exported as they are; every other attribute is dropped. */
const KEPT_ATTRIBUTES: ReadonlySet<string> = new Set([
  'runbook.name',
  'runbook.trigger',
  'runbook.run',
  'runbook.step',
  'runbook.step.mode',
  'runbook.action',
  // Set by @temporalio/interceptors-opentelemetry (ids and names, never payloads).
  'temporalWorkflowId',
  'temporalActivityId',
  'temporalUpdateId',
  'run_id',
  // Merged into workflow spans from the workflow's info.
  'workflowId',
  'runId',
  'workflowType',
  'namespace',
  'taskQueue',
  'attempt',
  // OpenTelemetry's exception event: its type, never its message or stack.
  'exception.type',
]);

/** Attributes of `attributes` that {@link KEPT_ATTRIBUTES} names and that hold a plain value. */
export function keptAttributes(attributes: ReadableSpan['attributes']): ReadableSpan['attributes'] {
  const kept: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (!KEPT_ATTRIBUTES.has(key)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      kept[key] = value;
  }
  return kept;
}

/** The span as it may be exported: kept attributes only, no status message, no event text. */
export function redactedSpan(span: ReadableSpan): ReadableSpan {
  const events: TimedEvent[] = span.events.map((event) => ({
    name: event.name,
    time: event.time,
    ...(event.attributes === undefined ? {} : { attributes: keptAttributes(event.attributes) }),
    ...(event.droppedAttributesCount === undefined
      ? {}
      : { droppedAttributesCount: event.droppedAttributesCount }),
  }));
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => span.spanContext(),
    ...(span.parentSpanId === undefined ? {} : { parentSpanId: span.parentSpanId }),
    startTime: span.startTime,
    endTime: span.endTime,
    status: { code: span.status.code },
    attributes: keptAttributes(span.attributes),
    links: span.links.map((link) => ({ context: link.context })),
    events,
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationLibrary: span.instrumentationLibrary,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

/** Passes every ended span to `next` redacted by {@link redactedSpan}. */
export class RedactingSpanProcessor implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    this.next.onEnd(redactedSpan(span));
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}
