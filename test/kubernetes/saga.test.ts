// The interpreter's saga against a real control plane: a step that fails part-way undoes the part
// it did, and every rollback gets the rollback budget whatever its kind.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { runbookWorkflowBundle } from '../../src/worker/create-worker.js';
import {
  PARTIAL_UNDO_ON_FAILURE,
  ROLLBACK_OPTIONS_EVERY_KIND,
  ROLLBACK_TIMEOUT_MS,
} from '../../src/workflows/policies.js';
import { runbookWorkflow } from '../../src/workflows/runbook-workflow.js';
import { createDeployment, createNamespace, useKube } from '../harness/kube.js';
import { definitionFrom, rejectionOf, resultOf, runId, runInput } from '../harness/runs.js';
import { useTimeSkippingEnv } from '../harness/time-skipping.js';
import { startTestWorker } from '../harness/worker.js';

/** The ids of the patches a history's markers record. */
function patchIds(
  history: Awaited<
    ReturnType<
      ReturnType<TestWorkflowEnvironment['client']['workflow']['getHandle']>['fetchHistory']
    >
  >,
): string[] {
  return (history.events ?? []).flatMap((e) => {
    const data = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
    return data === undefined || data === null
      ? []
      : [String(JSON.parse(Buffer.from(data).toString()).id)];
  });
}

describe('saga compensation of Kubernetes steps in a run', () => {
  const cluster = useKube();
  const temporal = useTimeSkippingEnv();

  const execute = async (workflowId: string, yaml: string) => {
    const h = await startTestWorker(temporal.env, {
      kubeconfigPath: cluster.kube.plane.kubeconfigPath,
    });
    return h.worker.runUntil(
      temporal.env.client.workflow.execute(runbookWorkflow, {
        taskQueue: h.taskQueue,
        workflowId,
        args: [runInput(definitionFrom(yaml), h.dir)],
      }),
    );
  };

  it('an apply that fails at its second document deletes the first again, and the run reads RolledBack', async () => {
    const namespace = await createNamespace(cluster.kube, 'partial-apply');
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
    const left = await cluster.kube.core.listNamespacedConfigMap({ namespace });
    assert.deepEqual(
      left.items.map((c) => c.metadata?.name).filter((n) => n === 'first' || n === 'second'),
      [],
      'the ConfigMap applied before the failure is gone',
    );

    const history = await temporal.env.client.workflow.getHandle(workflowId).fetchHistory();
    assert.ok(
      patchIds(history).includes(PARTIAL_UNDO_ON_FAILURE),
      `the partial undo is behind its patch marker (markers: ${patchIds(history).join(', ')})`,
    );
    await Worker.runReplayHistory(
      { workflowBundle: await runbookWorkflowBundle() },
      history,
      workflowId,
    );
  });

  it('a Kubernetes rollback runs with the rollback timeout, not the step timeout', async () => {
    const namespace = await createNamespace(cluster.kube, 'rollback-budget');
    await createDeployment(cluster.kube, namespace, 'web');
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
    const history = await temporal.env.client.workflow.getHandle(workflowId).fetchHistory();
    const scheduled = (history.events ?? [])
      .map((e) => e.activityTaskScheduledEventAttributes)
      .filter((a) => a?.activityType?.name === 'kubernetesScale');
    const seconds = (a: (typeof scheduled)[number]) => Number(a?.startToCloseTimeout?.seconds ?? 0);
    assert.deepEqual(
      scheduled.map(seconds),
      [45, ROLLBACK_TIMEOUT_MS / 1000],
      'the step keeps its timeout; its rollback gets the rollback budget',
    );
    assert.ok(patchIds(history).includes(ROLLBACK_OPTIONS_EVERY_KIND));
    const deployment = await cluster.kube.apps.readNamespacedDeployment({ name: 'web', namespace });
    assert.equal(deployment.spec?.replicas, 2);
  });
});
