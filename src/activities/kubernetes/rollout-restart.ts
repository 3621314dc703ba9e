/** `kubernetes.rolloutRestart`: like `kubectl rollout restart`, stamps the pod template so pods are replaced. */

import { RolloutRestartInput } from '../../runbook/actions/index.js';
import type { ActionEnv } from './env.js';
import { kubeCall } from './errors.js';
import { metadataOf, parseInput } from './objects.js';
import type { KubernetesResult } from './types.js';
import { dryRunOutputs, patchObject, readObject } from './write.js';

export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

export async function rolloutRestart(env: ActionEnv, raw: unknown): Promise<KubernetesResult> {
  const input = parseInput(RolloutRestartInput, raw, 'kubernetes.rolloutRestart');
  const cluster = env.cluster(input.cluster);
  const { ref, info } = await kubeCall({ verb: 'get', cluster }, () => cluster.resolve(input));
  const at = { cluster, ref, info };
  const restartedAt = new Date().toISOString();
  const patch = {
    spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: restartedAt } } } },
  };
  const current = input.dryRun ? await readObject(at) : null;
  const updated = await patchObject(at, 'strategic', patch, { dryRun: input.dryRun });
  const outputs = {
    kind: ref.kind,
    name: ref.name,
    namespace: ref.namespace ?? null,
    restartedAt,
    generation: Number(metadataOf(updated).generation ?? 0),
  };
  if (input.dryRun) return { outputs: { ...outputs, ...dryRunOutputs(at, current, updated) } };
  return { outputs };
}
