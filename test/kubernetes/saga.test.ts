// The interpreter's saga against a real control plane: a step that fails part-way undoes the part
// it did, and every rollback gets the rollback budget whatever its kind.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTimeSkippingEnv } from '../../src/testing/test-environments.js';
import { createRunbookWorker, runbookWorkflowBundle } from '../../src/worker/create-worker.js';
import {
  PARTIAL_UNDO_ON_FAILURE,
  ROLLBACK_OPTIONS_EVERY_KIND,
  ROLLBACK_TIMEOUT_MS,
} from '../../src/workflows/policies.js';
import { runbookWorkflow } from '../../src/workflows/runbook-workflow.js';
import { createDeployment, createNamespace, type KubeFixture, startKube } from '../harness/kube.js';
import { definitionFrom, rejectionOf, resultOf, runId, runInput } from '../harness/runs.js';

describe('saga compensation of Kubernetes steps in a run', () => {
  let kube: KubeFixture;
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  const taskQueue = `k8s-saga-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'rr-k8s-saga-'));

  before(async () => {
    kube = await startKube();
    env = await createTimeSkippingEnv();
    worker = await createRunbookWorker({
      connection: env.nativeConnection,
      taskQueue,
      activities: {
        logDir: join(dir, 'logs'),
        checkoutCacheDir: join(dir, 'checkouts'),
        env: process.env,
        kubernetes: { kubeconfigPath: kube.plane.kubeconfigPath },
      },
    });
  });
  after(async () => {
    await env?.teardown();
    await kube?.plane.stop();
  });

  const execute = (workflowId: string, yaml: string) =>
    worker.runUntil(
      env.client.workflow.execute(runbookWorkflow, {
        taskQueue,
        workflowId,
        args: [runInput(definitionFrom(yaml), dir)],
      }),
    );

  it('an apply that fails at its second document deletes the first again, and the run reads RolledBack', async () => {
    const namespace = await createNamespace(kube, 'partial-apply');
    const workflowId = runId('partial-apply');
    const failure = await rejectionOf(
      execute(
        workflowId,
        `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: partial-apply }
spec:
  steps:
    - id: apply
      uses: kubernetes.apply
      with:
        manifest: |
          apiVersion: v1
          kind: ConfigMap
          metadata: { name: first, namespace: ${namespace} }
          data: { a: "1" }
          ---
          apiVersion: v1
          kind: ConfigMap
          metadata: { name: second, namespace: ${namespace}-does-not-exist }
          data: { a: "1" }
`,
      ),
    );
    const result = resultOf(failure);
    assert.equal(result.status, 'RolledBack', result.reason);
    const step = result.progress.steps.find((s) => s.key === 'apply');
    assert.equal(step?.status, 'RolledBack');
    assert.deepEqual(step?.rollback, { status: 'Succeeded' });
    const left = await kube.core.listNamespacedConfigMap({ namespace });
    assert.deepEqual(
      left.items.map((c) => c.metadata?.name).filter((n) => n === 'first' || n === 'second'),
      [],
      'the ConfigMap applied before the failure is gone',
    );

    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const markers = (history.events ?? []).filter((e) => e.markerRecordedEventAttributes);
    assert.ok(
      JSON.stringify(markers).includes(PARTIAL_UNDO_ON_FAILURE),
      'the partial undo is behind its patch marker',
    );
    await Worker.runReplayHistory(
      { workflowBundle: await runbookWorkflowBundle() },
      history,
      workflowId,
    );
  });

  it('a Kubernetes rollback runs with the rollback timeout, not the step timeout', async () => {
    const namespace = await createNamespace(kube, 'rollback-budget');
    await createDeployment(kube, namespace, 'web');
    const workflowId = runId('rollback-budget');
    const failure = await rejectionOf(
      execute(
        workflowId,
        `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: rollback-budget }
spec:
  steps:
    - id: scale
      uses: kubernetes.scale
      timeout: 45s
      with: { namespace: ${namespace}, name: web, replicas: 3 }
      rollback:
        uses: kubernetes.scale
        timeout: 45s
        with: { namespace: ${namespace}, name: web, replicas: 2 }
    - id: fail
      run: [sh, -c, 'exit 3']
`,
      ),
    );
    assert.equal(resultOf(failure).status, 'RolledBack');
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const scheduled = (history.events ?? [])
      .map((e) => e.activityTaskScheduledEventAttributes)
      .filter((a) => a?.activityType?.name === 'kubernetesScale');
    const seconds = (a: (typeof scheduled)[number]) => Number(a?.startToCloseTimeout?.seconds ?? 0);
    assert.deepEqual(
      scheduled.map(seconds),
      [45, ROLLBACK_TIMEOUT_MS / 1000],
      'the step keeps its timeout; its rollback gets the rollback budget',
    );
    assert.ok(JSON.stringify(history.events).includes(ROLLBACK_OPTIONS_EVERY_KIND));
    const deployment = await kube.apps.readNamespacedDeployment({ name: 'web', namespace });
    assert.equal(deployment.spec?.replicas, 2);
  });
});
