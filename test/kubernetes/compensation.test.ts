import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import {
  createKubernetesActivities,
  FIELD_MANAGER,
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

describe('automatic compensation against a real control plane', () => {
  let kube: KubeFixture;
  let k8s: KubernetesActivities;

  useKube((started) => {
    kube = started;
    k8s = createKubernetesActivities({ kubeconfigPath: started.plane.kubeconfigPath });
  });

  it('setImage rolls out the new image, and its undo restores the old one with a completed rollout', async () => {
    const namespace = await createNamespace(kube, 'set-image');
    await createDeployment(kube, namespace, 'web');
    await runActivity(k8s.kubernetesRolloutStatus, { namespace, name: 'web' });

    const { result } = await runActivity(k8s.kubernetesSetImage, {
      namespace,
      name: 'web',
      containers: { web: IMAGE_V2 },
    });
    assert.deepEqual(result.outputs.previousImages, { web: IMAGE_V1 });
    const rolled = await runActivity(k8s.kubernetesRolloutStatus, { namespace, name: 'web' });
    assert.equal(rolled.result.outputs.updatedReplicas, 2);
    assert.ok(rolled.heartbeats.length > 0, 'rolloutStatus heartbeats while it waits');
    const during = await kube.apps.readNamespacedDeployment({ name: 'web', namespace });
    assert.equal(during.spec?.template.spec?.containers[0]?.image, IMAGE_V2);

    assert.ok(result.undo, 'setImage returns an undo record');
    await runActivity(k8s.kubernetesUndo, result.undo);
    const status = await runActivity(k8s.kubernetesRolloutStatus, { namespace, name: 'web' });
    assert.match(String(status.result.outputs.message), /successfully rolled out/);

    const restored = await kube.apps.readNamespacedDeployment({ name: 'web', namespace });
    assert.equal(restored.spec?.template.spec?.containers[0]?.image, IMAGE_V1);
    assert.equal(restored.status?.updatedReplicas, 2);
    assert.equal(restored.status?.availableReplicas, 2);
    const pods = await kube.core.listNamespacedPod({ namespace, labelSelector: 'app=web' });
    const ready = pods.items.filter(
      (p) =>
        !p.metadata?.deletionTimestamp &&
        p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    );
    assert.ok(ready.length >= 2, 'kwok made the restored pods Ready');
    assert.ok(ready.every((p) => p.spec?.containers[0]?.image === IMAGE_V1));
  });

  it('undo of setImage is idempotent: a second run leaves the restored image in place', async () => {
    const namespace = await createNamespace(kube, 'set-image-twice');
    await createDeployment(kube, namespace, 'web');
    const { result } = await runActivity(k8s.kubernetesSetImage, {
      namespace,
      name: 'web',
      containers: { web: IMAGE_V2 },
    });
    assert.ok(result.undo);
    await runActivity(k8s.kubernetesUndo, result.undo);
    await runActivity(k8s.kubernetesUndo, result.undo);
    const restored = await kube.apps.readNamespacedDeployment({ name: 'web', namespace });
    assert.equal(restored.spec?.template.spec?.containers[0]?.image, IMAGE_V1);
  });

  it('scale records the previous replica count and its undo puts it back', async () => {
    const namespace = await createNamespace(kube, 'scale');
    await createDeployment(kube, namespace, 'web', { replicas: 2 });
    const { result } = await runActivity(k8s.kubernetesScale, {
      namespace,
      name: 'web',
      replicas: 5,
    });
    assert.equal(result.outputs.previousReplicas, 2);
    const scaled = await kube.apps.readNamespacedDeployment({ name: 'web', namespace });
    assert.equal(scaled.spec?.replicas, 5);

    assert.ok(result.undo);
    await runActivity(k8s.kubernetesUndo, result.undo);
    const restored = await kube.apps.readNamespacedDeployment({ name: 'web', namespace });
    assert.equal(restored.spec?.replicas, 2);
  });

  it('apply creates namespaced and cluster-scoped objects under its field manager, and undo deletes them', async () => {
    const namespace = await createNamespace(kube, 'apply');
    const roleName = `${namespace}-reader`;
    const manifest = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: settings }',
      'data: { mode: blue }',
      '---',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRole',
      `metadata: { name: ${roleName} }`,
      'rules: [{ apiGroups: [""], resources: [configmaps], verbs: [get] }]',
    ].join('\n');
    const { result } = await runActivity(k8s.kubernetesApply, { namespace, manifest });
    assert.deepEqual(
      (result.outputs.objects as Array<{ kind: string; action: string }>).map((o) => [
        o.kind,
        o.action,
      ]),
      [
        ['ConfigMap', 'created'],
        ['ClusterRole', 'created'],
      ],
    );
    const cm = await kube.core.readNamespacedConfigMap({ name: 'settings', namespace });
    assert.equal(cm.data?.mode, 'blue');
    assert.ok(
      cm.metadata?.managedFields?.some(
        (f) => f.manager === FIELD_MANAGER && f.operation === 'Apply',
      ),
    );
    await kube.rbac.readClusterRole({ name: roleName });

    assert.ok(result.undo);
    await runActivity(k8s.kubernetesUndo, result.undo);
    await assert.rejects(
      kube.core.readNamespacedConfigMap({ name: 'settings', namespace }),
      (e: { code?: number }) => e.code === 404,
    );
    await assert.rejects(
      kube.rbac.readClusterRole({ name: roleName }),
      (e: { code?: number }) => e.code === 404,
    );
  });

  it('apply reads a multi-document file from the checkout, creating a Namespace and a Deployment in it that rolls out', async () => {
    const checkoutDir = await mkdtemp(join(tmpdir(), 'runbook-checkout-'));
    const namespace = `from-file-${randomBytes(3).toString('hex')}`;
    await mkdir(join(checkoutDir, 'deploy'));
    await writeFile(
      join(checkoutDir, 'deploy', 'app.yaml'),
      [
        'apiVersion: v1',
        'kind: Namespace',
        `metadata: { name: ${namespace} }`,
        '---',
        '# an empty document is skipped',
        '---',
        'apiVersion: apps/v1',
        'kind: Deployment',
        `metadata: { name: api, namespace: ${namespace} }`,
        'spec:',
        '  replicas: 1',
        '  selector: { matchLabels: { app: api } }',
        '  template:',
        '    metadata: { labels: { app: api } }',
        `    spec: { containers: [{ name: api, image: "${IMAGE_V1}" }] }`,
      ].join('\n'),
    );
    const { result } = await runActivity(k8s.kubernetesApply, {
      file: 'deploy/app.yaml',
      checkoutDir,
    });
    assert.deepEqual(
      (result.outputs.objects as Array<{ kind: string; namespace: string | null }>).map((o) => [
        o.kind,
        o.namespace,
      ]),
      [
        ['Namespace', null],
        ['Deployment', namespace],
      ],
    );
    await runActivity(k8s.kubernetesRolloutStatus, { namespace, name: 'api' });

    assert.ok(result.undo);
    await runActivity(k8s.kubernetesUndo, result.undo);
    await assert.rejects(
      kube.apps.readNamespacedDeployment({ name: 'api', namespace }),
      (e: { code?: number }) => e.code === 404,
    );
    const ns = await kube.core.readNamespace({ name: namespace }).catch(() => undefined);
    assert.ok(ns === undefined || ns.status?.phase === 'Terminating', 'the namespace is deleted');
  });

  it('apply refuses a file outside the checkout without touching the cluster', async () => {
    const checkoutDir = await mkdtemp(join(tmpdir(), 'runbook-checkout-'));
    await assert.rejects(
      runActivity(k8s.kubernetesApply, { file: '../../etc/passwd', checkoutDir }),
      (error: unknown) => {
        assert.ok(error instanceof ApplicationFailure);
        assert.equal(error.type, 'KubernetesInvalidInput');
        assert.match(error.message, /points outside the checkout/);
        return true;
      },
    );
  });

  it('apply over an existing object records it, and undo restores its previous content', async () => {
    const namespace = await createNamespace(kube, 'apply-update');
    await kube.core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'settings' }, data: { mode: 'green' } },
    });
    const manifest =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { mode: blue }\n';
    const { result } = await runActivity(k8s.kubernetesApply, { namespace, manifest, force: true });
    assert.equal((result.outputs.objects as Array<{ action: string }>)[0]?.action, 'configured');
    assert.equal(
      (await kube.core.readNamespacedConfigMap({ name: 'settings', namespace })).data?.mode,
      'blue',
    );

    assert.ok(result.undo);
    await runActivity(k8s.kubernetesUndo, result.undo);
    assert.equal(
      (await kube.core.readNamespacedConfigMap({ name: 'settings', namespace })).data?.mode,
      'green',
    );
  });

  it('a JSON patch (list of operations) is undone like the others, and re-applying the same apply is unchanged', async () => {
    const namespace = await createNamespace(kube, 'json-patch');
    await createDeployment(kube, namespace, 'web', { replicas: 2 });
    const { result } = await runActivity(k8s.kubernetesPatch, {
      namespace,
      kind: 'Deployment',
      name: 'web',
      type: 'json',
      patch: [{ op: 'replace', path: '/spec/replicas', value: 4 }],
    });
    assert.equal(
      (await kube.apps.readNamespacedDeployment({ name: 'web', namespace })).spec?.replicas,
      4,
    );
    assert.ok(result.undo);
    await runActivity(k8s.kubernetesUndo, result.undo);
    assert.equal(
      (await kube.apps.readNamespacedDeployment({ name: 'web', namespace })).spec?.replicas,
      2,
    );

    const manifest =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: same }\ndata: { a: "1" }\n';
    await runActivity(k8s.kubernetesApply, { namespace, manifest });
    const again = await runActivity(k8s.kubernetesApply, { namespace, manifest });
    assert.equal(
      (again.result.outputs.objects as Array<{ action: string }>)[0]?.action,
      'unchanged',
    );
    assert.equal(again.result.undo, undefined, 'nothing changed, nothing to undo');
  });

  it('patch records the object it changed, and undo restores it', async () => {
    const namespace = await createNamespace(kube, 'patch');
    await createDeployment(kube, namespace, 'web');
    const { result } = await runActivity(k8s.kubernetesPatch, {
      namespace,
      kind: 'Deployment',
      name: 'web',
      patch: { metadata: { labels: { tier: 'frontend' } } },
    });
    assert.equal(result.outputs.changed, true);
    assert.equal(
      (await kube.apps.readNamespacedDeployment({ name: 'web', namespace })).metadata?.labels?.tier,
      'frontend',
    );

    assert.ok(result.undo);
    await runActivity(k8s.kubernetesUndo, result.undo);
    const restored = await kube.apps.readNamespacedDeployment({ name: 'web', namespace });
    assert.equal(restored.metadata?.labels?.tier, undefined);
    assert.equal(restored.metadata?.labels?.app, 'web');
  });
});
