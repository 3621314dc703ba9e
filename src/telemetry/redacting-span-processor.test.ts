import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpanStatusCode } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { RedactingSpanProcessor } from './redacting-span-processor.js';

describe('RedactingSpanProcessor', () => {
  it('exports only known attributes, the status code without its message and exception types only', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [new RedactingSpanProcessor(new SimpleSpanProcessor(exporter))],
    });
    const span = provider.getTracer('t').startSpan('RunActivity:runCommand');
    span.setAttributes({
      'runbook.step': 'deploy',
      'runbook.action': 'run',
      memo: 'customer acme-secret-corp',
      lastFailure: 'failed for acme-secret-corp',
    });
    span.recordException(new Error('curl https://acme-secret-corp.internal failed'));
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'acme-secret-corp' });
    span.end();
    await provider.forceFlush();
    const [exported] = exporter.getFinishedSpans();
    assert.ok(exported !== undefined);
    assert.deepEqual(exported.attributes, { 'runbook.step': 'deploy', 'runbook.action': 'run' });
    assert.deepEqual(exported.status, { code: SpanStatusCode.ERROR });
    assert.deepEqual(
      exported.events.map((e) => [e.name, e.attributes]),
      [['exception', { 'exception.type': 'Error' }]],
    );
    assert.ok(!JSON.stringify(exported.events).includes('acme-secret-corp'));
  });
});
