import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type CliProcess, runCli, startCliWorker, stopCli } from '../harness/cli.js';
import { type DevServerFixture, startDevServerFixture } from '../harness/dev-server.js';
import { eventually } from '../harness/eventually.js';
import {
  type OtlpReceiver,
  type ReceivedSpan,
  startOtlpReceiver,
} from '../harness/otlp-receiver.js';

/** A param value that must never leave the processes: not in an attribute, event or status. */
const CUSTOMER = 'zebra-customer-7731';

let server: DevServerFixture;
let receiver: OtlpReceiver;
let worker: CliProcess | undefined;
let env: NodeJS.ProcessEnv;

before(async () => {
  receiver = await startOtlpReceiver();
  server = await startDevServerFixture({ prefix: 'rr-trace-' });
  env = {
    RUNBOOK_HOME: join(server.dir, 'home'),
    TEMPORAL_ADDRESS: server.address,
    RUNBOOK_TASK_QUEUE: 'tracing-tests',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_SERVICE_NAME: '',
  };
});
after(async () => {
  if (worker !== undefined) await stopCli(worker);
  await server?.stop();
  await receiver?.close();
});

function stepSpans(spans: ReceivedSpan[]): ReceivedSpan[] {
  return spans.filter((s) => s.name.startsWith('RunActivity:'));
}

test('a CLI run is one trace from runbook.start through the workflow and a span per step, with no param value exported', async () => {
  worker = await startCliWorker(env);
  const file = join(server.dir, 'traced.yaml');
  writeFileSync(
    file,
    `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: traced }
spec:
  params:
    customer: { type: string }
  steps:
    - id: greet
      run: [echo, hello]
    - id: use
      run: [sh, -c, 'echo "working for $0"', '\${{ params.customer }}']
      rollback: { run: [sh, -c, 'echo "undoing $0"', '\${{ params.customer }}'] }
    - id: fail
      run: [sh, -c, 'echo "$0 broke" >&2; exit 3', '\${{ params.customer }}']
`,
  );
  const run = await runCli(['run', file, '-p', `customer=${CUSTOMER}`, '--id', 'traced-run'], env, {
    cwd: server.dir,
  });
  assert.equal(run.code, 1, run.output);
  assert.match(run.output, /RolledBack/);
  // The worker exports what is left in its batch when it shuts down.
  await stopCli(worker);
  worker = undefined;

  const spans = await eventually(
    () => {
      const all = receiver.spans();
      const start = all.find((s) => s.name === 'runbook.start');
      const steps = stepSpans(all).filter((s) => s.attributes['runbook.step'] !== undefined);
      return start !== undefined && steps.length >= 4 ? all : undefined;
    },
    { what: 'the run’s spans at the receiver', timeoutMs: 60_000, intervalMs: 250 },
  );

  const start = spans.find((s) => s.name === 'runbook.start');
  assert.ok(start !== undefined);
  assert.equal(start.parentSpanId, undefined, 'runbook.start is the root');
  assert.equal(start.serviceName, 'runbook-cli');
  assert.deepEqual(start.attributes, {
    'runbook.name': 'traced',
    'runbook.trigger': 'cli',
    'runbook.run': 'traced-run',
  });

  assert.deepEqual(
    [...new Set(spans.map((s) => s.traceId))],
    [start.traceId],
    `every span is in the run's one trace: ${spans.map((s) => `${s.name}@${s.traceId}`).join(', ')}`,
  );
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  for (const span of spans) {
    if (span === start) continue;
    assert.ok(
      span.parentSpanId !== undefined && byId.has(span.parentSpanId),
      `${span.name} hangs under a span of the run`,
    );
  }
  const workflow = spans.find((s) => s.name === 'RunWorkflow:runbookWorkflow');
  assert.ok(workflow !== undefined, spans.map((s) => s.name).join(', '));
  assert.equal(workflow.serviceName, 'runbook-worker');

  const steps = stepSpans(spans)
    .filter((s) => s.attributes['runbook.step'] !== undefined)
    .map((s) => [
      s.attributes['runbook.name'],
      s.attributes['runbook.step'],
      s.attributes['runbook.step.mode'],
      s.attributes['runbook.action'],
    ]);
  for (const expected of [
    ['traced', 'greet', 'forward', 'run'],
    ['traced', 'use', 'forward', 'run'],
    ['traced', 'fail', 'forward', 'run'],
    ['traced', 'use', 'rollback', 'run'],
  ]) {
    assert.ok(
      steps.some((s) => JSON.stringify(s) === JSON.stringify(expected)),
      `a span for ${expected.join(' ')} in ${JSON.stringify(steps)}`,
    );
  }

  const exported = receiver.bodies().join('\n');
  assert.ok(exported.length > 0);
  assert.ok(!exported.includes(CUSTOMER), 'the param value appears in the exported spans');
  assert.ok(!exported.includes('broke'), "a failed step's message is not exported");
});
