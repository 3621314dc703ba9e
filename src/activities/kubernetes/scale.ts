/** `kubernetes.scale`: set `spec.replicas` of a Deployment, StatefulSet, ReplicaSet or any scalable kind. */

import { ScaleInput } from '../../runbook/actions/index.js';
import type { ActionEnv } from './env.js';
import { kubeCall } from './errors.js';
import { getPath, metadataOf, parseInput } from './objects.js';
import type { KubernetesResult } from './types.js';
import { dryRunOutputs, patchObject, readObject, retryOnConflict } from './write.js';

export async function scale(env: ActionEnv, raw: unknown): Promise<KubernetesResult> {
  const input = parseInput(ScaleInput, raw, 'kubernetes.scale');
  const cluster = env.cluster(input.cluster);
  const { ref, info } = await kubeCall({ verb: 'get', cluster }, () => cluster.resolve(input));
  const at = { cluster, ref, info };
  return retryOnConflict(async (): Promise<KubernetesResult> => {
    const current = await readObject(at);
    const replicas = getPath(current, 'spec.replicas');
    const previous = typeof replicas === 'number' ? replicas : 1;
    const outputs = {
      kind: ref.kind,
      name: ref.name,
      namespace: ref.namespace ?? null,
      replicas: input.replicas,
      previousReplicas: previous,
      changed: previous !== input.replicas,
    };
    if (previous === input.replicas) return { outputs };
    const patch = {
      metadata: { resourceVersion: String(metadataOf(current).resourceVersion) },
      spec: { replicas: input.replicas },
    };
    const updated = await patchObject(at, 'merge', patch, { dryRun: input.dryRun });
    if (input.dryRun) return { outputs: { ...outputs, ...dryRunOutputs(at, current, updated) } };
    return {
      outputs,
      undo: {
        version: 1,
        action: 'scale',
        ...(input.cluster !== undefined ? { cluster: input.cluster } : {}),
        target: ref,
        replicas: previous,
      },
    };
  });
}
