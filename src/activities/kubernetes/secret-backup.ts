/**
 * Undo for Secrets without their data in workflow history: before `apply` or `patch` changes an
 * existing Secret, its previous state is saved in the cluster as a backup Secret next to it, and
 * the undo record holds only the backup's name. `kubernetesUndo` puts the previous state back from
 * the backup, then deletes the backup.
 *
 * A backup is named `<name>.runbook-undo.<hash>` (hash of the run, the step and the state saved),
 * lives in the Secret's namespace, has no owner, is labelled
 * `app.kubernetes.io/managed-by=runbook-runner` and `runbook-runner.dev/undo-backup=true`, and is
 * annotated with the Secret it saves, the run that made it and `runbook-runner.dev/expires-at`.
 * A run that succeeds never calls undo, so its backups stay until removed: docs/secrets.md says
 * how (expired backups by label and annotation, or a last step of the runbook).
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { describeRef, resourcePath } from './cluster.js';
import { activityContext } from './env.js';
import { isNotFound, kubeCall } from './errors.js';
import { asObject, FIELD_MANAGER, metadataOf, userFields } from './objects.js';
import type { JsonObject } from './types.js';
import type { Located } from './write.js';

export const BACKUP_MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const BACKUP_LABEL = 'runbook-runner.dev/undo-backup';
/** `kubectl get secrets -l runbook-runner.dev/undo-backup=true` lists every backup. */
export const BACKUP_SELECTOR = `${BACKUP_LABEL}=true`;
export const BACKUP_OF_ANNOTATION = 'runbook-runner.dev/backup-of';
export const BACKUP_EXPIRES_ANNOTATION = 'runbook-runner.dev/expires-at';
export const BACKUP_RUN_ANNOTATION = 'runbook-runner.dev/run';
/** The Secret `type` of a backup, so that no controller acts on it as on the original type. */
export const BACKUP_TYPE = 'runbook-runner.dev/undo-backup';
/** The one data key of a backup: the previous Secret as JSON (without server-set fields). */
export const BACKUP_DATA_KEY = 'previous.json';
/** How long a backup is meant to be kept: `expires-at` is its creation time plus this. */
export const BACKUP_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const NAME_LIMIT = 253;

/** `<name>.runbook-undo.<10 hex>`, the name shortened when the result would pass 253 characters. */
export function backupName(name: string, key: string): string {
  const suffix = `.runbook-undo.${createHash('sha256').update(key).digest('hex').slice(0, 10)}`;
  const head = name.slice(0, NAME_LIMIT - suffix.length).replace(/[.-]+$/, '');
  return `${head}${suffix}`;
}

/**
 * Saves `previous` (the Secret as it is before this step changes it) as a backup Secret and
 * returns the backup's name. The name depends on the run, the step and the saved resourceVersion,
 * so a retried attempt that finds its backup already there keeps it.
 */
export async function backupSecret(at: Located, previous: JsonObject): Promise<string> {
  const info = activityContext()?.info;
  const execution = info?.workflowExecution;
  const run = info
    ? `${execution?.workflowId ?? '-'}/${execution?.runId ?? '-'}/${info.activityId}`
    : 'outside-an-activity';
  const metadata = metadataOf(previous);
  const name = backupName(
    at.ref.name,
    `${run}/${String(metadata.uid)}/${String(metadata.resourceVersion)}`,
  );
  const body: JsonObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      ...(at.ref.namespace !== undefined ? { namespace: at.ref.namespace } : {}),
      labels: { [BACKUP_MANAGED_BY_LABEL]: FIELD_MANAGER, [BACKUP_LABEL]: 'true' },
      annotations: {
        [BACKUP_OF_ANNOTATION]: at.ref.name,
        [BACKUP_EXPIRES_ANNOTATION]: new Date(Date.now() + BACKUP_TTL_MS)
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
        [BACKUP_RUN_ANNOTATION]: run,
      },
    },
    type: BACKUP_TYPE,
    data: {
      [BACKUP_DATA_KEY]: Buffer.from(JSON.stringify(userFields(previous))).toString('base64'),
    },
  };
  const backup = { ...at, ref: { ...at.ref, name } };
  await kubeCall({ verb: 'create', ...backup }, async () => {
    try {
      await at.cluster.rest.request({
        method: 'POST',
        path: resourcePath(at.info, at.ref.namespace),
        query: { fieldManager: FIELD_MANAGER },
        body,
      });
    } catch (error) {
      if ((error as { status?: number }).status !== 409) throw error;
    }
  });
  return name;
}

/** Deletes a backup (no longer needed: the step changed nothing, failed, or was undone). */
export async function deleteBackup(at: Located, name: string): Promise<void> {
  const backup = { ...at, ref: { ...at.ref, name } };
  await kubeCall({ verb: 'delete', ...backup }, async () => {
    try {
      await at.cluster.rest.request({
        method: 'DELETE',
        path: resourcePath(at.info, at.ref.namespace, name),
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  });
}

/** `deleteBackup` when cleaning up after another failure: that failure is the one to report. */
export async function deleteBackupQuietly(at: Located, name: string): Promise<void> {
  try {
    await deleteBackup(at, name);
  } catch {
    // The backup expires; see docs/secrets.md.
  }
}

/**
 * Reads a backup made by `backupSecret` for `at.ref` and returns the Secret it saved.
 * @throws ApplicationFailure `KubernetesUndoBackupMissing` (non-retryable) when the backup is gone
 *   or is not a backup of that Secret.
 */
export async function readBackup(at: Located, name: string): Promise<JsonObject> {
  const backup = { ...at, ref: { ...at.ref, name } };
  const object = await kubeCall({ verb: 'get', ...backup }, async () => {
    try {
      return await at.cluster.rest.request<JsonObject>({
        method: 'GET',
        path: resourcePath(at.info, at.ref.namespace, name),
      });
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  });
  const metadata = object === null ? {} : metadataOf(object);
  const encoded = asObject(object?.data)?.[BACKUP_DATA_KEY];
  if (
    object === null ||
    asObject(metadata.labels)?.[BACKUP_LABEL] !== 'true' ||
    asObject(metadata.annotations)?.[BACKUP_OF_ANNOTATION] !== at.ref.name ||
    typeof encoded !== 'string'
  ) {
    throw ApplicationFailure.create({
      type: 'KubernetesUndoBackupMissing',
      nonRetryable: true,
      message:
        `cannot restore ${describeRef(at.ref, at.info)}: its undo backup Secret "${name}" ` +
        `${object === null ? 'does not exist' : 'is not a runbook-runner backup of it'}. ` +
        'Either this undo already ran (it deletes the backup once restored) or the backup was ' +
        'deleted or expired; check the Secret and restore it by hand if needed.',
      details: [{ namespace: at.ref.namespace ?? null, name: at.ref.name, backup: name }],
    });
  }
  return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as JsonObject;
}
