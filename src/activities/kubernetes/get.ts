/** `kubernetes.get`: reads one object; `outputs.object` is the object without managedFields. */
import type { ActionEnv } from './env.js';
import { kubeCall } from './errors.js';
import { GetInput } from './inputs.js';
import { parseInput, withoutManagedFields } from './objects.js';
import type { KubernetesResult } from './types.js';
import { readObject } from './write.js';

export async function get(env: ActionEnv, raw: unknown): Promise<KubernetesResult> {
  const input = parseInput(GetInput, raw, 'kubernetes.get');
  const cluster = env.cluster(input.cluster);
  const { ref, info } = await kubeCall({ verb: 'get', cluster }, () => cluster.resolve(input));
  const object = await readObject({ cluster, ref, info });
  return { outputs: { object: withoutManagedFields(object) } };
}
