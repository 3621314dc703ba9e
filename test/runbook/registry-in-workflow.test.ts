// The workflow interpreter looks actions up in the registry (src/runbook/actions), whose `with:`
// schemas are zod. This runs a workflow that parses a `with:` with zod on a real (time-skipping)
// Temporal server, inside the workflow sandbox, with the same bundler the worker uses.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { createTimeSkippingEnv } from '../../src/testing/test-environments.js';
import type { RegistryProbe } from '../fixtures/runbooks/registry-workflow.js';

const workflowsPath = fileURLToPath(
  new URL('../fixtures/runbooks/registry-workflow.ts', import.meta.url),
);
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

describe('the action registry inside the Temporal workflow sandbox', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let run: Promise<void>;
  const taskQueue = `registry-${process.pid}`;

  before(async () => {
    env = await createTimeSkippingEnv();
    const workflowBundle = await bundleWorkflowCode({ workflowsPath, logger: quiet });
    assert.match(workflowBundle.code, /kubernetes\.setImage/);
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle,
    });
    run = worker.run();
  });
  after(async () => {
    worker?.shutdown();
    await run;
    await env?.teardown();
  });

  let probes = 0;
  const probe = (input: unknown): Promise<RegistryProbe> =>
    env.client.workflow.execute('parseWithInWorkflow', {
      taskQueue,
      workflowId: `registry-probe-${process.pid}-${probes++}`,
      args: [input],
    });

  it('parses a valid with: with zod in the sandbox, defaults applied', async () => {
    const result = await probe({ name: 'web', containers: { web: 'nginx:1.27' } });
    assert.deepEqual(result, {
      activity: 'kubernetesSetImage',
      timeoutMs: 15 * 60 * 1000,
      undo: 'kubernetesUndo',
      ok: true,
      issues: [],
      parsed: { name: 'web', kind: 'Deployment', containers: { web: 'nginx:1.27' } },
    });
  });

  it('reports what is wrong with an invalid with: in the sandbox', async () => {
    const result = await probe({ name: 'web', image: 'nginx:1.27' });
    assert.equal(result.ok, false);
    assert.deepEqual(result.issues.map((issue) => issue.split(':')[0]).sort(), ['', 'containers']);
    assert.ok(
      result.issues.some((issue) => issue.includes('"image"')),
      result.issues.join('\n'),
    );
  });
});
