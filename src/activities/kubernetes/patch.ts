/** `kubernetes.patch`: a strategic-merge (default), JSON-merge or JSON patch of any object. */
import type { ActionEnv } from './env.js';
import { kubeCall } from './errors.js';
import { PatchInput } from './inputs.js';
import { metadataOf, parseInput, userFields, withoutManagedFields } from './objects.js';
import type { JsonObject, JsonValue, KubernetesResult } from './types.js';
import { dryRunOutputs, patchObject, readObject, retryOnConflict } from './write.js';

export async function patch(env: ActionEnv, raw: unknown): Promise<KubernetesResult> {
  const input = parseInput(PatchInput, raw, 'kubernetes.patch');
  const cluster = env.cluster(input.cluster);
  const { ref, info } = await kubeCall({ verb: 'get', cluster }, () => cluster.resolve(input));
  const at = { cluster, ref, info };
  return retryOnConflict(async (): Promise<KubernetesResult> => {
    const current = await readObject(at);
    const resourceVersion = String(metadataOf(current).resourceVersion);
    // Pin the version recorded for undo: a concurrent change makes a merge patch fail with 409
    // (retried). A JSON patch (a list of operations) is sent as written.
    let body: JsonValue = input.patch;
    if (!Array.isArray(input.patch)) {
      const object = input.patch as JsonObject;
      body = { ...object, metadata: { ...metadataOf(object), resourceVersion } };
    }
    const updated = await patchObject(at, input.type, body, { dryRun: input.dryRun });
    const changed = String(metadataOf(updated).resourceVersion) !== resourceVersion;
    const outputs: JsonObject = { object: withoutManagedFields(updated), changed };
    if (input.dryRun) return { outputs: { ...outputs, ...dryRunOutputs(at, current, updated) } };
    if (!changed) return { outputs };
    return {
      outputs,
      undo: {
        version: 1,
        action: 'restore',
        source: 'patch',
        ...(input.cluster !== undefined ? { cluster: input.cluster } : {}),
        items: [{ target: ref, previous: userFields(current) }],
      },
    };
  });
}
