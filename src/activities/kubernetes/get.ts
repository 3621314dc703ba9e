/**
 * `kubernetes.get`: reads one object; `outputs.object` is the object without managedFields. For a
 * Secret, values are replaced by `<redacted: N bytes>` markers (metadata and key names stay) and
 * `outputs.keys` lists its keys: a value read here would be stored in workflow history.
 */

import { GetInput } from '../../runbook/actions/index.js';
import type { ActionEnv } from './env.js';
import { kubeCall } from './errors.js';
import { asObject, parseInput, withoutManagedFields } from './objects.js';
import { isSecret, redactSecret } from './secret-redaction.js';
import type { KubernetesResult } from './types.js';
import { readObject } from './write.js';

export async function get(env: ActionEnv, raw: unknown): Promise<KubernetesResult> {
  const input = parseInput(GetInput, raw, 'kubernetes.get');
  const cluster = env.cluster(input.cluster);
  const { ref, info } = await kubeCall({ verb: 'get', cluster }, () => cluster.resolve(input));
  const object = await readObject({ cluster, ref, info });
  const shown = redactSecret(withoutManagedFields(object));
  if (!isSecret(object)) return { outputs: { object: shown } };
  const keys = [
    ...new Set([
      ...Object.keys(asObject(object.data) ?? {}),
      ...Object.keys(asObject(object.stringData) ?? {}),
    ]),
  ].sort();
  return { outputs: { object: shown, keys } };
}
