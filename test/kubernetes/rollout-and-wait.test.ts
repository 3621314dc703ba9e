import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import {
  createKubernetesActivities,
  type KubernetesActivities,
} from '../../src/activities/kubernetes/index.js';
import { runActivity } from '../harness/activity.js';
import {
  createDeployment,
  createNamespace,
  IMAGE_V1,
  IMAGE_V2,
  type KubeFixture,
  useKube,
} from '../harness/kube.js';

describe('rollouts, waits and dry runs against a real control plane', () => {
  let kube: KubeFixture;
  let k8s: KubernetesActivities;

  useKube((started) => {
    kube = started;
    k8s = createKubernetesActivities({ kubeconfigPath: started.plane.kubeconfigPath });
  });

  it('rolloutStatus fails without retry once the Deployment exceeds its progress deadline', async () => {
    const namespace = await createNamespace(kube, 'deadline');
    // No node has this label: the pods stay Pending and the rollout cannot progress.
    await createDeployment(kube, namespace, 'stuck', {
      nodeSelector: { 'runbook-runner.test/no-such-node': 'true' },
      progressDeadlineSeconds: 2,
    });
    await assert.rejects(
      runActivity(k8s.kubernetesRolloutStatus, { namespace, name: 'stuck' }),
      (error: unknown) => {
        assert.ok(error instanceof ApplicationFailure);
        assert.equal(error.type, 'KubernetesProgressDeadlineExceeded');
        assert.equal(error.nonRetryable, true);
        assert.match(error.message, /deployment "stuck" exceeded its progress deadline/);
        return true;
      },
    );
  });

  it('rolloutStatus heartbeats the kubectl-style progress and stops when the activity is cancelled', async () => {
    const namespace = await createNamespace(kube, 'cancel');
    await createDeployment(kube, namespace, 'pending', {
      nodeSelector: { 'runbook-runner.test/no-such-node': 'true' },
    });
    const env = new MockActivityEnvironment();
    const heartbeats: Array<{ message?: string }> = [];
    env.on('heartbeat', (details: { message?: string }) => {
      heartbeats.push(details);
      if (heartbeats.length === 1) env.cancel();
    });
    await assert.rejects(
      env.run(k8s.kubernetesRolloutStatus, { namespace, name: 'pending' }),
      CancelledFailure,
    );
    assert.match(String(heartbeats[0]?.message), /^Waiting for deployment/);
  });

  it('rolloutStatus gives up with a non-retryable KubernetesTimeout after timeoutSeconds, reporting the last state', async () => {
    const namespace = await createNamespace(kube, 'timeout');
    await createDeployment(kube, namespace, 'pending', {
      nodeSelector: { 'runbook-runner.test/no-such-node': 'true' },
    });
    await assert.rejects(
      runActivity(k8s.kubernetesRolloutStatus, { namespace, name: 'pending', timeoutSeconds: 1 }),
      (error: unknown) => {
        assert.ok(error instanceof ApplicationFailure);
        assert.equal(error.type, 'KubernetesTimeout');
        assert.equal(error.nonRetryable, true);
        assert.match(
          error.message,
          /gave up after 1 s waiting for the rollout of deployments\.apps "pending"/,
        );
        assert.match(error.message, /Waiting for deployment/);
        return true;
      },
    );
  });

  it('waitFor returns once a Job has the Complete condition', async () => {
    const namespace = await createNamespace(kube, 'job');
    await kube.batch.createNamespacedJob({
      namespace,
      body: {
        metadata: { name: 'migrate' },
        spec: {
          template: {
            spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: IMAGE_V1 }] },
          },
        },
      },
    });
    const { result } = await runActivity(k8s.kubernetesWaitFor, {
      namespace,
      kind: 'Job',
      name: 'migrate',
      condition: 'Complete',
    });
    assert.equal((result.outputs.condition as { status: string }).status, 'True');
    const job = await kube.batch.readNamespacedJob({ name: 'migrate', namespace });
    assert.equal(job.status?.succeeded, 1);
  });

  it('waitFor returns once a field has the wanted value: a Pod on the kwok node reaches Running', async () => {
    const namespace = await createNamespace(kube, 'pod-phase');
    await kube.core.createNamespacedPod({
      namespace,
      body: { metadata: { name: 'one' }, spec: { containers: [{ name: 'one', image: IMAGE_V1 }] } },
    });
    const { result } = await runActivity(k8s.kubernetesWaitFor, {
      namespace,
      kind: 'Pod',
      name: 'one',
      field: 'status.phase',
      equals: 'Running',
    });
    assert.equal(result.outputs.value, 'Running');
    const pod = await kube.core.readNamespacedPod({ name: 'one', namespace });
    assert.equal(pod.spec?.nodeName, 'kwok-node-0');
  });

  it('waitFor with deleted: true returns once delete has removed the object', async () => {
    const namespace = await createNamespace(kube, 'delete');
    await kube.core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'doomed' } },
    });
    const { result } = await runActivity(k8s.kubernetesDelete, {
      namespace,
      kind: 'ConfigMap',
      name: 'doomed',
    });
    assert.equal(result.outputs.deleted, true);
    await runActivity(k8s.kubernetesWaitFor, {
      namespace,
      kind: 'ConfigMap',
      name: 'doomed',
      deleted: true,
    });
    await assert.rejects(
      kube.core.readNamespacedConfigMap({ name: 'doomed', namespace }),
      (e: { code?: number }) => e.code === 404,
    );
  });

  it('rolloutUndo puts back the previous revision’s image', async () => {
    const namespace = await createNamespace(kube, 'rollout-undo');
    await createDeployment(kube, namespace, 'web');
    await runActivity(k8s.kubernetesRolloutStatus, { namespace, name: 'web' });
    await runActivity(k8s.kubernetesSetImage, {
      namespace,
      name: 'web',
      containers: { web: IMAGE_V2 },
    });
    await runActivity(k8s.kubernetesRolloutStatus, { namespace, name: 'web' });

    const { result } = await runActivity(k8s.kubernetesRolloutUndo, { namespace, name: 'web' });
    assert.deepEqual([result.outputs.fromRevision, result.outputs.toRevision], [2, 1]);
    await runActivity(k8s.kubernetesRolloutStatus, { namespace, name: 'web' });
    const deployment = await kube.apps.readNamespacedDeployment({ name: 'web', namespace });
    assert.equal(deployment.spec?.template.spec?.containers[0]?.image, IMAGE_V1);
  });

  it('rolloutRestart stamps the pod template and the new pods roll out', async () => {
    const namespace = await createNamespace(kube, 'restart');
    await createDeployment(kube, namespace, 'web');
    const { result } = await runActivity(k8s.kubernetesRolloutRestart, { namespace, name: 'web' });
    await runActivity(k8s.kubernetesRolloutStatus, { namespace, name: 'web' });
    const deployment = await kube.apps.readNamespacedDeployment({ name: 'web', namespace });
    assert.equal(
      deployment.spec?.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'],
      result.outputs.restartedAt,
    );
  });

  it('setImage and rolloutStatus follow a StatefulSet until its update revision is current', async () => {
    const namespace = await createNamespace(kube, 'statefulset');
    await kube.apps.createNamespacedStatefulSet({
      namespace,
      body: {
        metadata: { name: 'db' },
        spec: {
          replicas: 2,
          serviceName: 'db',
          selector: { matchLabels: { app: 'db' } },
          template: {
            metadata: { labels: { app: 'db' } },
            spec: { containers: [{ name: 'db', image: IMAGE_V1 }] },
          },
        },
      },
    });
    await runActivity(k8s.kubernetesRolloutStatus, { namespace, kind: 'StatefulSet', name: 'db' });
    await runActivity(k8s.kubernetesSetImage, {
      namespace,
      kind: 'StatefulSet',
      name: 'db',
      containers: { db: IMAGE_V2 },
    });
    const { result } = await runActivity(k8s.kubernetesRolloutStatus, {
      namespace,
      kind: 'StatefulSet',
      name: 'db',
    });
    assert.match(
      String(result.outputs.message),
      /^statefulset rolling update complete 2 pods at revision db-/,
    );
    const sts = await kube.apps.readNamespacedStatefulSet({ name: 'db', namespace });
    assert.equal(sts.status?.currentRevision, sts.status?.updateRevision);
  });

  it('rolloutStatus follows a DaemonSet until its pod on the kwok node is updated and available', async () => {
    const namespace = await createNamespace(kube, 'daemonset');
    await kube.apps.createNamespacedDaemonSet({
      namespace,
      body: {
        metadata: { name: 'agent' },
        spec: {
          selector: { matchLabels: { app: 'agent' } },
          template: {
            metadata: { labels: { app: 'agent' } },
            spec: { containers: [{ name: 'agent', image: IMAGE_V1 }] },
          },
        },
      },
    });
    const { result } = await runActivity(k8s.kubernetesRolloutStatus, {
      namespace,
      kind: 'DaemonSet',
      name: 'agent',
    });
    assert.equal(result.outputs.message, 'daemon set "agent" successfully rolled out');
  });

  it('a dry run of setImage, scale, apply and delete returns a diff and changes nothing', async () => {
    const namespace = await createNamespace(kube, 'dry-run');
    await createDeployment(kube, namespace, 'web', { replicas: 2 });
    const before = await kube.apps.readNamespacedDeployment({ name: 'web', namespace });

    const image = await runActivity(k8s.kubernetesSetImage, {
      namespace,
      name: 'web',
      containers: { web: IMAGE_V2 },
      dryRun: 'All',
    });
    assert.equal(image.result.undo, undefined, 'a dry run has nothing to undo');
    assert.equal(image.result.outputs.dryRun, true);
    assert.match(String(image.result.outputs.diff), new RegExp(`^-\\s+- image: ${IMAGE_V1}$`, 'm'));
    assert.match(
      String(image.result.outputs.diff),
      new RegExp(`^\\+\\s+- image: ${IMAGE_V2}$`, 'm'),
    );

    const replicas = await runActivity(k8s.kubernetesScale, {
      namespace,
      name: 'web',
      replicas: 7,
      dryRun: 'All',
    });
    assert.match(String(replicas.result.outputs.diff), /^\+\s+replicas: 7$/m);

    const applied = await runActivity(k8s.kubernetesApply, {
      namespace,
      manifest: 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: planned }\ndata: { a: "1" }\n',
      dryRun: 'All',
    });
    assert.match(String(applied.result.outputs.diff), /^\+ {3}name: planned$/m);

    const deletion = await runActivity(k8s.kubernetesDelete, {
      namespace,
      kind: 'Deployment',
      name: 'web',
      dryRun: 'All',
    });
    assert.match(String(deletion.result.outputs.diff), /^- kind: Deployment$/m);

    const afterwards = await kube.apps.readNamespacedDeployment({ name: 'web', namespace });
    assert.equal(
      afterwards.metadata?.generation,
      before.metadata?.generation,
      'the spec was never changed',
    );
    assert.equal(afterwards.spec?.replicas, 2);
    assert.equal(afterwards.spec?.template.spec?.containers[0]?.image, IMAGE_V1);
    await assert.rejects(
      kube.core.readNamespacedConfigMap({ name: 'planned', namespace }),
      (e: { code?: number }) => e.code === 404,
    );
  });
});
