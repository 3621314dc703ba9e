/**
 * `kubernetes.patch`: a strategic-merge (default), JSON-merge or JSON patch of any object.
 *
 * Secrets: the returned object and dry-run diff show `<redacted: N bytes>` markers instead of
 * values; the Secret is saved to a backup Secret before it is patched and the undo record names
 * the backup (see secret-backup.ts); failure messages are scrubbed of the values.
 */

import { PatchInput } from '../../runbook/actions/index.js';
import type { ActionEnv } from './env.js';
import { kubeCall } from './errors.js';
import { metadataOf, parseInput, userFields, withoutManagedFields } from './objects.js';
import { backupSecret, deleteBackup, deleteBackupQuietly } from './secret-backup.js';
import {
  isSecret,
  patchSecretStrings,
  redactSecret,
  scrubFailure,
  secretStrings,
} from './secret-redaction.js';
import type { JsonObject, JsonValue, KubernetesResult, RestoreItem } from './types.js';
import { dryRunOutputs, patchObject, readObject, retryOnConflict } from './write.js';

export async function patch(env: ActionEnv, raw: unknown): Promise<KubernetesResult> {
  const input = parseInput(PatchInput, raw, 'kubernetes.patch');
  const cluster = env.cluster(input.cluster);
  const { ref, info } = await kubeCall({ verb: 'get', cluster }, () => cluster.resolve(input));
  const at = { cluster, ref, info };
  const secret = isSecret(ref);
  let secretValues = secret ? patchSecretStrings(input.patch) : [];
  try {
    return await retryOnConflict(async (): Promise<KubernetesResult> => {
      const current = await readObject(at);
      if (secret) secretValues = [...new Set([...secretValues, ...secretStrings(current)])];
      const resourceVersion = String(metadataOf(current).resourceVersion);
      // Pin the version recorded for undo: a concurrent change makes a merge patch fail with 409
      // (retried). A JSON patch (a list of operations) is sent as written.
      let body: JsonValue = input.patch;
      if (!Array.isArray(input.patch)) {
        const object = input.patch as JsonObject;
        body = { ...object, metadata: { ...metadataOf(object), resourceVersion } };
      }
      // Save a Secret's data in the cluster, not in the undo record.
      const backup = secret && !input.dryRun ? await backupSecret(at, current) : undefined;
      let updated: JsonObject;
      try {
        updated = await patchObject(at, input.type, body, { dryRun: input.dryRun });
      } catch (error) {
        if (backup !== undefined) await deleteBackupQuietly(at, backup);
        throw error;
      }
      const changed = String(metadataOf(updated).resourceVersion) !== resourceVersion;
      if (backup !== undefined && !changed) await deleteBackup(at, backup);
      const outputs: JsonObject = {
        object: redactSecret(withoutManagedFields(updated)),
        changed,
        ...(backup !== undefined && changed ? { backup } : {}),
      };
      if (input.dryRun) return { outputs: { ...outputs, ...dryRunOutputs(at, current, updated) } };
      if (!changed) return { outputs };
      const item: RestoreItem =
        backup !== undefined
          ? { target: ref, backup }
          : { target: ref, previous: userFields(current) };
      return {
        outputs,
        undo: {
          version: 1,
          action: 'restore',
          source: 'patch',
          ...(input.cluster !== undefined ? { cluster: input.cluster } : {}),
          items: [item],
        },
      };
    });
  } catch (error) {
    throw scrubFailure(error, secretValues);
  }
}
