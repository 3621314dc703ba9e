/**
 * The Kubernetes side of the harness: one real control plane per test file (or `describe`
 * block), unique namespaces per test, and fixtures made with client-node's typed API
 * (independent of the code under test) so that tests read the cluster back through a second
 * client.
 */
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
  type V1Deployment,
} from '@kubernetes/client-node';
import { createReadOnlyAccess } from '../../src/testing/kube-access.js';
import {
  type KubeControlPlane,
  startKubeControlPlane,
} from '../../src/testing/kube-control-plane.js';
import { eventually } from './eventually.js';

export interface KubeFixture {
  readonly plane: KubeControlPlane;
  readonly kc: KubeConfig;
  readonly apps: AppsV1Api;
  readonly core: CoreV1Api;
  readonly batch: BatchV1Api;
  readonly rbac: RbacAuthorizationV1Api;
}

/** Starts a control plane (or uses `RUNBOOK_TEST_KUBECONFIG`) with admin clients for it. */
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

/**
 * A control plane for the calling file (or `describe` block): started in a `before` hook, stopped
 * in an `after` hook. `ready` runs once it is up (e.g. to build activities from its kubeconfig).
 */
export function useKube(ready?: (kube: KubeFixture) => void | Promise<void>): {
  readonly kube: KubeFixture;
} {
  let kube: KubeFixture | undefined;
  before(async () => {
    kube = await startKube();
    await ready?.(kube);
  });
  after(async () => {
    await kube?.plane.stop();
  });
  return {
    get kube() {
      if (kube === undefined) {
        throw new Error('the control plane is not started yet: read .kube inside a test or hook');
      }
      return kube;
    },
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

/** A Deployment (container `web`) whose pods kwok schedules onto its fake node and marks Ready. */
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

/** A kubeconfig for a ServiceAccount that RBAC allows only to read, in `namespace`. */
export async function readOnlyKubeconfig(kube: KubeFixture, namespace: string): Promise<string> {
  const access = await createReadOnlyAccess({
    adminKubeconfigPath: kube.plane.kubeconfigPath,
    namespace,
  });
  return access.kubeconfigPath;
}

/** Whether every replica of `d` runs its current template and is available. */
export function rolloutComplete(d: V1Deployment): boolean {
  const replicas = d.spec?.replicas ?? 1;
  return (
    (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1) &&
    (d.status?.updatedReplicas ?? 0) === replicas &&
    (d.status?.replicas ?? 0) === replicas &&
    (d.status?.availableReplicas ?? 0) === replicas
  );
}

/** Waits (at most `timeoutMs`) until the Deployment's rollout is complete, and returns it. */
export async function rolledOut(
  kube: KubeFixture,
  namespace: string,
  name: string,
  timeoutMs = 60_000,
): Promise<V1Deployment> {
  let last: V1Deployment | undefined;
  try {
    return await eventually(
      async () => {
        last = await kube.apps.readNamespacedDeployment({ namespace, name });
        return rolloutComplete(last) && last;
      },
      { what: `the rollout of ${namespace}/${name}`, timeoutMs, intervalMs: 250 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last status: ${JSON.stringify(last?.status)}`, {
      cause: error,
    });
  }
}
