import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
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
  readOnlyKubeconfig,
  useKube,
} from '../harness/kube.js';

describe('access and error mapping against a real control plane', () => {
  let kube: KubeFixture;
  let k8s: KubernetesActivities;

  useKube((started) => {
    kube = started;
    k8s = createKubernetesActivities({ kubeconfigPath: started.plane.kubeconfigPath });
  });

  it('a read-only ServiceAccount gets a non-retryable KubernetesForbidden on setImage, and nothing changes', async () => {
    const namespace = await createNamespace(kube, 'forbidden');
    await createDeployment(kube, namespace, 'web');
    const before = await kube.apps.readNamespacedDeployment({ name: 'web', namespace });
    const restricted = createKubernetesActivities({
      kubeconfigPath: await readOnlyKubeconfig(kube, namespace),
    });

    await assert.rejects(
      runActivity(restricted.kubernetesSetImage, {
        namespace,
        name: 'web',
        containers: { web: IMAGE_V2 },
      }),
      (error: unknown) => {
        assert.ok(error instanceof ApplicationFailure);
        assert.equal(error.type, 'KubernetesForbidden');
        assert.equal(error.nonRetryable, true);
        assert.match(
          error.message,
          new RegExp(
            `system:serviceaccount:${namespace}:read-only may not patch deployments\\.apps "web" in namespace "${namespace}"`,
          ),
        );
        const details = error.details?.[0] as Record<string, unknown>;
        const { verb, resource, group, namespace: ns, identity } = details;
        assert.deepEqual(
          { verb, resource, group, namespace: ns, identity },
          {
            verb: 'patch',
            resource: 'deployments',
            group: 'apps',
            namespace,
            identity: `system:serviceaccount:${namespace}:read-only`,
          },
        );
        return true;
      },
    );
    const afterwards = await kube.apps.readNamespacedDeployment({ name: 'web', namespace });
    assert.equal(afterwards.spec?.template.spec?.containers[0]?.image, IMAGE_V1);
    assert.equal(
      afterwards.metadata?.generation,
      before.metadata?.generation,
      'the spec was never changed',
    );
  });

  it('the read-only ServiceAccount can still read: get returns the object as outputs', async () => {
    const namespace = await createNamespace(kube, 'read-only-get');
    await createDeployment(kube, namespace, 'web');
    const restricted = createKubernetesActivities({
      kubeconfigPath: await readOnlyKubeconfig(kube, namespace),
    });
    const { result } = await runActivity(restricted.kubernetesGet, {
      namespace,
      kind: 'Deployment',
      name: 'web',
    });
    const object = result.outputs.object as {
      metadata: { name: string; managedFields?: unknown };
      kind: string;
    };
    assert.equal(object.kind, 'Deployment');
    assert.equal(object.metadata.name, 'web');
    assert.equal(object.metadata.managedFields, undefined);
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(result)), 'outputs are plain JSON');
  });

  it('apply that conflicts with another field manager fails without retry and hands back the undo of what it already applied', async () => {
    const namespace = await createNamespace(kube, 'field-conflict');
    await kube.core.createNamespacedConfigMap({
      namespace,
      fieldManager: 'other-tool',
      body: { metadata: { name: 'owned' }, data: { mode: 'green' } },
    });
    const manifest = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: fresh }',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: owned }',
      'data: { mode: blue }',
    ].join('\n');
    let undo: unknown;
    await assert.rejects(
      runActivity(k8s.kubernetesApply, { namespace, manifest }),
      (error: unknown) => {
        assert.ok(error instanceof ApplicationFailure);
        assert.equal(error.type, 'KubernetesFieldConflict');
        assert.equal(error.nonRetryable, true);
        assert.match(
          error.message,
          /^document 2 of the inline manifest \(ConfigMap "owned"\): .*set force: true/,
        );
        undo = (error.details?.[1] as { undo?: unknown } | undefined)?.undo;
        return true;
      },
    );
    assert.equal(
      (await kube.core.readNamespacedConfigMap({ name: 'owned', namespace })).data?.mode,
      'green',
    );
    await kube.core.readNamespacedConfigMap({ name: 'fresh', namespace });
    assert.ok(undo, 'the failure carries the undo record of document 1');
    await runActivity(k8s.kubernetesUndo, undo as never);
    await assert.rejects(
      kube.core.readNamespacedConfigMap({ name: 'fresh', namespace }),
      (e: { code?: number }) => e.code === 404,
    );
  });

  it('a missing object is a non-retryable KubernetesNotFound naming it, its namespace and the cluster', async () => {
    const namespace = await createNamespace(kube, 'not-found');
    await assert.rejects(
      runActivity(k8s.kubernetesScale, { namespace, name: 'ghost', replicas: 1 }),
      (error: unknown) => {
        assert.ok(error instanceof ApplicationFailure);
        assert.equal(error.type, 'KubernetesNotFound');
        assert.equal(error.nonRetryable, true);
        assert.match(
          error.message,
          new RegExp(
            `deployments\\.apps "ghost" in namespace "${namespace}" not found on context "runbook-local"`,
          ),
        );
        return true;
      },
    );
  });

  it('a kind the cluster does not serve fails without retry, naming kind and apiVersion', async () => {
    await assert.rejects(
      runActivity(k8s.kubernetesGet, { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w' }),
      (error: unknown) => {
        assert.ok(error instanceof ApplicationFailure);
        assert.equal(error.type, 'KubernetesUnknownKind');
        assert.equal(error.nonRetryable, true);
        assert.match(error.message, /serves no kind "Widget" in example\.com\/v1/);
        return true;
      },
    );
  });

  it('a context that is not in the kubeconfig fails without retry, listing the known contexts', async () => {
    await assert.rejects(
      runActivity(k8s.kubernetesGet, { cluster: 'prod', kind: 'Namespace', name: 'default' }),
      (error: unknown) => {
        assert.ok(error instanceof ApplicationFailure);
        assert.equal(error.type, 'KubernetesConfigError');
        assert.equal(error.nonRetryable, true);
        assert.match(
          error.message,
          /cluster "prod" is not a context in the kubeconfig \(known contexts: runbook-local\)/,
        );
        return true;
      },
    );
  });

  it('an unreachable apiserver gives a retryable KubernetesUnreachable error naming the server', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const path = join(tmpdir(), `runbook-unreachable-${port}.kubeconfig`);
    const cluster = kube.kc.getCurrentCluster();
    const user = kube.kc.getCurrentUser();
    await writeFile(
      path,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'gone',
            cluster: {
              server: `https://127.0.0.1:${port}`,
              'certificate-authority-data': cluster?.caData,
            },
          },
        ],
        users: [
          {
            name: 'admin',
            user: { 'client-certificate-data': user?.certData, 'client-key-data': user?.keyData },
          },
        ],
        contexts: [{ name: 'gone', context: { cluster: 'gone', user: 'admin' } }],
        'current-context': 'gone',
      }),
    );
    const offline = createKubernetesActivities({ kubeconfigPath: path });
    await assert.rejects(
      runActivity(offline.kubernetesGet, { kind: 'Namespace', name: 'default' }),
      (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.ok(
          !(error instanceof ApplicationFailure && error.nonRetryable),
          'left to the retry policy',
        );
        assert.equal(error.name, 'KubernetesUnreachable');
        assert.match(
          error.message,
          new RegExp(`https://127\\.0\\.0\\.1:${port} is unreachable \\(ECONNREFUSED\\)`),
        );
        return true;
      },
    );
  });

  it('invalid input fails without retry, naming the field', async () => {
    await assert.rejects(
      runActivity(k8s.kubernetesScale, { name: 'web', replicas: -1 }),
      (error: unknown) => {
        assert.ok(error instanceof ApplicationFailure);
        assert.equal(error.type, 'KubernetesInvalidInput');
        assert.equal(error.nonRetryable, true);
        assert.match(error.message, /kubernetes\.scale: invalid input: with\.replicas:/);
        return true;
      },
    );
  });
});
