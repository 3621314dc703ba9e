/**
 * Shared setup for the Kubernetes suites: one real control plane per test file, unique
 * namespaces per test, and fixtures made with client-node's typed API (independent of the code
 * under test) so that the tests read the cluster back through a second client.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
  type V1Deployment,
} from '@kubernetes/client-node';
import { MockActivityEnvironment } from '@temporalio/testing';
import {
  type KubeControlPlane,
  startKubeControlPlane,
} from '../../src/testing/kube-control-plane.js';

export interface KubeFixture {
  readonly plane: KubeControlPlane;
  readonly kc: KubeConfig;
  readonly apps: AppsV1Api;
  readonly core: CoreV1Api;
  readonly batch: BatchV1Api;
  readonly rbac: RbacAuthorizationV1Api;
}

export async function startKube(): Promise<KubeFixture> {
  const plane = await startKubeControlPlane();
  const kc = new KubeConfig();
  kc.loadFromFile(plane.kubeconfigPath);
  return {
    plane,
    kc,
    apps: kc.makeApiClient(AppsV1Api),
    core: kc.makeApiClient(CoreV1Api),
    batch: kc.makeApiClient(BatchV1Api),
    rbac: kc.makeApiClient(RbacAuthorizationV1Api),
  };
}

/** A fresh namespace with a random suffix, so tests never see each other's objects. */
export async function createNamespace(kube: KubeFixture, prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await kube.core.createNamespace({ body: { metadata: { name } } });
  return name;
}

export const IMAGE_V1 = 'registry.invalid/web:1.0.0';
export const IMAGE_V2 = 'registry.invalid/web:2.0.0';

/** A Deployment whose pods kwok schedules onto its fake node and marks Ready. */
export async function createDeployment(
  kube: KubeFixture,
  namespace: string,
  name: string,
  options: {
    replicas?: number;
    image?: string;
    nodeSelector?: Record<string, string>;
    progressDeadlineSeconds?: number;
  } = {},
): Promise<V1Deployment> {
  return kube.apps.createNamespacedDeployment({
    namespace,
    body: {
      metadata: { name, labels: { app: name } },
      spec: {
        replicas: options.replicas ?? 2,
        selector: { matchLabels: { app: name } },
        ...(options.progressDeadlineSeconds !== undefined
          ? { progressDeadlineSeconds: options.progressDeadlineSeconds }
          : {}),
        template: {
          metadata: { labels: { app: name } },
          spec: {
            containers: [{ name: 'web', image: options.image ?? IMAGE_V1 }],
            ...(options.nodeSelector ? { nodeSelector: options.nodeSelector } : {}),
          },
        },
      },
    },
  });
}

/**
 * A kubeconfig for a ServiceAccount bound (by a Role) to read-only access to Deployments in one
 * namespace, authenticating with a bound token from the TokenRequest API.
 */
export async function readOnlyKubeconfig(kube: KubeFixture, namespace: string): Promise<string> {
  const name = 'read-only';
  await kube.core.createNamespacedServiceAccount({ namespace, body: { metadata: { name } } });
  await kube.rbac.createNamespacedRole({
    namespace,
    body: {
      metadata: { name },
      rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] }],
    },
  });
  await kube.rbac.createNamespacedRoleBinding({
    namespace,
    body: {
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    },
  });
  const token = await kube.core.createNamespacedServiceAccountToken({
    name,
    namespace,
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  const cluster = kube.kc.getCurrentCluster();
  if (!cluster?.caData) throw new Error('the admin kubeconfig has no embedded CA');
  const path = join(tmpdir(), `runbook-readonly-${namespace}.kubeconfig`);
  await writeFile(
    path,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'local',
          cluster: { server: cluster.server, 'certificate-authority-data': cluster.caData },
        },
      ],
      users: [{ name, user: { token: token.status?.token } }],
      contexts: [{ name: 'read-only', context: { cluster: 'local', user: name, namespace } }],
      'current-context': 'read-only',
    }),
    { mode: 0o600 },
  );
  return path;
}

/** Runs an activity function inside a mock activity context, collecting its heartbeats. */
export async function runActivity<I, O>(
  fn: (input: I) => Promise<O>,
  input: I,
): Promise<{ result: O; heartbeats: unknown[] }> {
  const env = new MockActivityEnvironment();
  const heartbeats: unknown[] = [];
  env.on('heartbeat', (details: unknown) => heartbeats.push(details));
  const result = (await env.run(fn, input)) as O;
  return { result, heartbeats };
}
