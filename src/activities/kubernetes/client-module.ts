/**
 * `@kubernetes/client-node`, imported on first use rather than when the worker loads: importing it
 * costs about 0.7 s of every worker start (bench/worker-scale.ts (d)), and many workers never run a
 * Kubernetes step. It is ESM only, so the import is asynchronous: every entry into the Kubernetes
 * code awaits {@link loadKubernetesClient} first, and the synchronous code below it reads the
 * loaded module with {@link kubernetesClient}.
 */
import type * as KubernetesClient from '@kubernetes/client-node';

type ClientModule = typeof KubernetesClient;

let loaded: ClientModule | undefined;
let loading: Promise<ClientModule> | undefined;

/** Imports the client once per process; later calls get the same promise. */
export function loadKubernetesClient(): Promise<ClientModule> {
  loading ??= import('@kubernetes/client-node').then((module) => {
    loaded = module;
    return module;
  });
  return loading;
}

/** The client, once {@link loadKubernetesClient} has resolved. */
export function kubernetesClient(): ClientModule {
  if (loaded === undefined) {
    throw new Error(
      'the Kubernetes client was used before loadKubernetesClient() resolved; this is a bug',
    );
  }
  return loaded;
}
