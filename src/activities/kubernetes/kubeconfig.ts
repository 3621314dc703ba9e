import type { KubeConfig } from '@kubernetes/client-node';
import { ApplicationFailure } from '@temporalio/common';
import { kubernetesClient } from './client-module.js';

/** The `cluster:` value that selects the pod's own service account instead of a kubeconfig. */
export const IN_CLUSTER = 'in-cluster';

/** How the Kubernetes activities find their credentials. */
export interface KubeConfigSource {
  /**
   * A kubeconfig file to read. Without it the kubeconfig is found the way kubectl finds it:
   * the files listed in `KUBECONFIG` (merged), else `~/.kube/config`, else the in-cluster
   * service account.
   */
  readonly kubeconfigPath?: string;
}

/**
 * Loads the credentials for one step, once `loadKubernetesClient()` has resolved. `cluster` is
 * the step's `cluster:`: a context name from the kubeconfig, or `in-cluster`; absent means the
 * kubeconfig's current context.
 *
 * @throws ApplicationFailure `KubernetesConfigError` (non-retryable) for an unknown context or an
 *   unreadable kubeconfig.
 */
export function loadKubeConfig(source: KubeConfigSource, cluster?: string): KubeConfig {
  const kc = new (kubernetesClient().KubeConfig)();
  try {
    if (cluster === IN_CLUSTER) {
      kc.loadFromCluster();
      return kc;
    }
    if (source.kubeconfigPath !== undefined) kc.loadFromFile(source.kubeconfigPath);
    else kc.loadFromDefault();
  } catch (error) {
    const where = source.kubeconfigPath ?? (process.env.KUBECONFIG || '~/.kube/config');
    throw ApplicationFailure.create({
      type: 'KubernetesConfigError',
      nonRetryable: true,
      message: `cannot read the kubeconfig ${where}: ${(error as Error).message}`,
      cause: error as Error,
    });
  }
  if (cluster !== undefined) {
    if (kc.getContextObject(cluster) === null) {
      const known = kc.getContexts().map((c) => c.name);
      throw ApplicationFailure.create({
        type: 'KubernetesConfigError',
        nonRetryable: true,
        message:
          `cluster "${cluster}" is not a context in the kubeconfig ` +
          `(known contexts: ${known.length > 0 ? known.join(', ') : 'none'}); ` +
          `use one of those names or "${IN_CLUSTER}"`,
      });
    }
    kc.setCurrentContext(cluster);
  }
  if (kc.getCurrentCluster() === null) {
    throw ApplicationFailure.create({
      type: 'KubernetesConfigError',
      nonRetryable: true,
      message:
        'no Kubernetes cluster is configured: set KUBECONFIG, pass a kubeconfig path, or give the step a cluster:',
    });
  }
  return kc;
}

/** "context x (server https://…)" for messages. */
export function describeCluster(kc: KubeConfig): string {
  return `context "${kc.getCurrentContext()}" (server ${kc.getCurrentCluster()?.server ?? 'unknown'})`;
}

/** The namespace used when a step names none: the context's namespace, else `default`. */
export function contextNamespace(kc: KubeConfig): string {
  const context = kc.getContextObject(kc.getCurrentContext());
  return context?.namespace ?? 'default';
}
