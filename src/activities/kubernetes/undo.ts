/**
 * `kubernetesUndo(undo)`: restores what a mutating step recorded — the previous images, replica
 * count or objects — or deletes what the step created. Idempotent: running it twice, or after
 * someone already put things back, ends in the same state — except a Secret restored from its
 * backup Secret: the backup is deleted once restored, so a second run fails with
 * `KubernetesUndoBackupMissing` instead of restoring again (see secret-backup.ts).
 */
import { ApplicationFailure } from '@temporalio/common';
import { objectPath, resourcePath } from './cluster.js';
import type { ActionEnv } from './env.js';
import { isNotFound, kubeCall } from './errors.js';
import { FIELD_MANAGER, metadataOf } from './objects.js';
import { rolloutStatus } from './rollout-status.js';
import { deleteBackup, readBackup } from './secret-backup.js';
import type { JsonObject, KubernetesResult, KubernetesUndoRecord, ObjectRef } from './types.js';
import { type Located, patchObject, retryOnConflict } from './write.js';

/** How long an undo of `setImage`/`scale` waits for the workload to settle on what it restored. */
export const UNDO_ROLLOUT_TIMEOUT_SECONDS = 600;

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/**
 * After putting a workload's images or replicas back, waits until its rollout completes, so that
 * `RolledBack` means the old version is serving again — and a rollback that cannot settle (e.g.
 * ProgressDeadlineExceeded) fails the undo and is reported as `RollbackFailed`.
 */
async function settle(env: ActionEnv, record: KubernetesUndoRecord & { target: ObjectRef }) {
  if (!WORKLOAD_KINDS.has(record.target.kind)) return;
  await rolloutStatus(env, {
    ...(record.cluster === undefined ? {} : { cluster: record.cluster }),
    kind: record.target.kind as 'Deployment' | 'StatefulSet' | 'DaemonSet',
    name: record.target.name,
    ...(record.target.namespace === undefined ? {} : { namespace: record.target.namespace }),
    timeoutSeconds: UNDO_ROLLOUT_TIMEOUT_SECONDS,
  });
}

export async function undo(
  env: ActionEnv,
  record: KubernetesUndoRecord,
): Promise<KubernetesResult> {
  if (record === null || typeof record !== 'object' || record.version !== 1) {
    throw ApplicationFailure.create({
      type: 'KubernetesInvalidInput',
      nonRetryable: true,
      // Not the record itself: one written by a broken or old caller might hold Secret data.
      message: `not a kubernetes undo record of a known version (version ${JSON.stringify(
        (record as { version?: unknown } | null)?.version ?? null,
      )}, action ${JSON.stringify((record as { action?: unknown } | null)?.action ?? null)})`,
    });
  }
  const cluster = env.cluster(record.cluster);
  const locate = async (target: ObjectRef) => {
    const { info } = await kubeCall({ verb: 'get', cluster }, () => cluster.resolve(target));
    return { cluster, ref: target, info };
  };
  /** Runs a write; NotFound means the object is gone and there is nothing left to restore. */
  const unlessGone = async (write: () => Promise<unknown>): Promise<boolean> => {
    try {
      await write();
      return true;
    } catch (error) {
      if (error instanceof ApplicationFailure && error.type === 'KubernetesNotFound') return false;
      throw error;
    }
  };

  switch (record.action) {
    case 'setImage': {
      const at = await locate(record.target);
      const spec: JsonObject = {};
      const list = (images: Readonly<Record<string, string>>) =>
        Object.entries(images).map(([name, image]) => ({ name, image }));
      if (Object.keys(record.containers).length > 0) spec.containers = list(record.containers);
      if (Object.keys(record.initContainers).length > 0)
        spec.initContainers = list(record.initContainers);
      const restored = await unlessGone(() =>
        patchObject(at, 'strategic', { spec: { template: { spec } } }),
      );
      if (restored) await settle(env, record);
      return {
        outputs: {
          action: 'setImage',
          restored,
          images: { ...record.containers, ...record.initContainers },
        },
      };
    }
    case 'scale': {
      const at = await locate(record.target);
      const restored = await unlessGone(() =>
        patchObject(at, 'merge', { spec: { replicas: record.replicas } }),
      );
      if (restored) await settle(env, record);
      return { outputs: { action: 'scale', restored, replicas: record.replicas } };
    }
    case 'restore': {
      const results: JsonObject[] = [];
      for (const item of [...record.items].reverse()) {
        const at = await locate(item.target);
        const path = objectPath(at.info, at.ref);
        if ('backup' in item) {
          const previous = await readBackup(at, item.backup);
          const result = await putBack(at, path, previous);
          await deleteBackup(at, item.backup);
          results.push({ ...refOutput(item.target), result, backup: item.backup });
          continue;
        }
        if (item.previous === null) {
          const deleted = await kubeCall({ verb: 'delete', ...at }, async () => {
            try {
              await cluster.rest.request({
                method: 'DELETE',
                path,
                body: { propagationPolicy: 'Background' },
              });
              return true;
            } catch (error) {
              if (isNotFound(error)) return false;
              throw error;
            }
          });
          results.push({
            ...refOutput(item.target),
            result: deleted ? 'deleted' : 'already absent',
          });
          continue;
        }
        results.push({ ...refOutput(item.target), result: await putBack(at, path, item.previous) });
      }
      return { outputs: { action: 'restore', objects: results } };
    }
    default: {
      const never: never = record;
      throw ApplicationFailure.create({
        type: 'KubernetesInvalidInput',
        nonRetryable: true,
        message: `unknown kubernetes undo action ${JSON.stringify((never as { action?: unknown }).action)}`,
      });
    }
  }
}

/** Replaces the object with `previous` (pinned to the version read), or creates it when gone. */
function putBack(
  at: Located,
  path: string,
  previous: JsonObject,
): Promise<'recreated' | 'restored'> {
  const { cluster } = at;
  return retryOnConflict(async () => {
    const current = await kubeCall({ verb: 'get', ...at }, async () => {
      try {
        return await cluster.rest.request<JsonObject>({ method: 'GET', path });
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    });
    if (current === null) {
      await kubeCall({ verb: 'create', ...at }, () =>
        cluster.rest.request({
          method: 'POST',
          path: resourcePath(at.info, at.ref.namespace),
          query: { fieldManager: FIELD_MANAGER },
          body: previous,
        }),
      );
      return 'recreated';
    }
    // Replace with the previous state, pinned to the version just read.
    const body = {
      ...previous,
      metadata: {
        ...metadataOf(previous),
        resourceVersion: String(metadataOf(current).resourceVersion),
      },
    };
    await kubeCall({ verb: 'update', ...at }, () =>
      cluster.rest.request({
        method: 'PUT',
        path,
        query: { fieldManager: FIELD_MANAGER },
        body,
      }),
    );
    return 'restored';
  });
}

function refOutput(ref: ObjectRef): JsonObject {
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    name: ref.name,
    namespace: ref.namespace ?? null,
  };
}
