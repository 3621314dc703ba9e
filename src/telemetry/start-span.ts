// The root span of a run's trace: opened by whatever starts the run (the CLI, a Slack request, a
// GitHub webhook, the Action) around the start call, so the client interceptor writes it into the
// workflow's headers and every workflow and step span becomes its descendant.
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { TriggerKind } from '../workflows/types.js';
import { RUNBOOK_TRACER_NAME } from './tracing-runtime.js';

export const START_SPAN_NAME = 'runbook.start';

/**
 * Runs `start` inside a `runbook.start` span with the runbook's name, the trigger kind and the
 * workflow id. With tracing off the global tracer is OpenTelemetry's no-op one: nothing is made.
 */
export async function withStartSpan<T>(
  attributes: { readonly runbook: string; readonly trigger: TriggerKind; readonly run: string },
  start: () => Promise<T>,
): Promise<T> {
  const tracer = trace.getTracer(RUNBOOK_TRACER_NAME);
  return await tracer.startActiveSpan(START_SPAN_NAME, async (span) => {
    span.setAttributes({
      'runbook.name': attributes.runbook,
      'runbook.trigger': attributes.trigger,
      'runbook.run': attributes.run,
    });
    try {
      const result = await start();
      span.setStatus({ code: SpanStatusCode.OK });
      return result;
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
