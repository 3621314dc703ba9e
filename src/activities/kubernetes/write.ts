/** The write path shared by the mutating actions: PATCH/PUT with dry run, field manager, diff. */
import { ApplicationFailure } from '@temporalio/common';
import { type Cluster, describeRef, objectPath, type ResourceInfo } from './cluster.js';
import { objectDiff } from './diff.js';
import { kubeCall } from './errors.js';
import { FIELD_MANAGER, userFields } from './objects.js';
import { redactNullable } from './secret-redaction.js';
import type { JsonObject, JsonValue, ObjectRef } from './types.js';

export const PATCH_CONTENT_TYPES = {
  strategic: 'application/strategic-merge-patch+json',
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

export interface Located {
  readonly cluster: Cluster;
  readonly ref: ObjectRef;
  readonly info: ResourceInfo;
}

/** GET the object. NotFound becomes `KubernetesNotFound`. */
export function readObject(at: Located): Promise<JsonObject> {
  return kubeCall({ verb: 'get', ...at }, () =>
    at.cluster.rest.request<JsonObject>({ method: 'GET', path: objectPath(at.info, at.ref) }),
  );
}

/** PATCH the object (dry run when `dryRun` is set), recorded under the `runbook-runner` manager. */
export function patchObject(
  at: Located,
  type: keyof typeof PATCH_CONTENT_TYPES,
  body: JsonValue,
  options: { dryRun?: 'All' | undefined; force?: boolean } = {},
): Promise<JsonObject> {
  return kubeCall({ verb: 'patch', ...at }, () =>
    at.cluster.rest.request<JsonObject>({
      method: 'PATCH',
      path: objectPath(at.info, at.ref),
      query: {
        fieldManager: FIELD_MANAGER,
        dryRun: options.dryRun,
        force: type === 'apply' ? (options.force ?? false) : undefined,
      },
      body,
      contentType: PATCH_CONTENT_TYPES[type],
    }),
  );
}

/** The outputs a dry run adds: the object as it would be and a readable diff (Secrets redacted). */
export function dryRunOutputs(
  at: Located,
  before: JsonObject | null,
  after: JsonObject | null,
): JsonObject {
  return {
    dryRun: true,
    object: redactNullable(after === null ? null : userFields(after)),
    diff: objectDiff(describeRef(at.ref, at.info), before, after),
  };
}

/** Read-modify-write attempts within one activity attempt before a conflict goes to the retry policy. */
export const CONFLICT_ATTEMPTS = 5;

/**
 * Runs a read-modify-write again when its write was refused with 409 Conflict (the object changed
 * since it was read, e.g. a controller updated its status). After CONFLICT_ATTEMPTS the retryable
 * `KubernetesConflict` failure is thrown to the activity's retry policy.
 */
export async function retryOnConflict<T>(readModifyWrite: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await readModifyWrite();
    } catch (error) {
      const conflict = error instanceof ApplicationFailure && error.type === 'KubernetesConflict';
      if (!conflict || attempt >= CONFLICT_ATTEMPTS) throw error;
    }
  }
}
