/**
 * Maps what the apiserver (or the network) said to the failure an activity throws:
 *
 * | cause                                   | failure type              | retried |
 * | --------------------------------------- | ------------------------- | ------- |
 * | 403 Forbidden                           | `KubernetesForbidden`     | no      |
 * | 404 NotFound                            | `KubernetesNotFound`      | no      |
 * | 409 field-manager conflict (apply)      | `KubernetesFieldConflict` | no      |
 * | 409 Conflict (object changed under us)  | `KubernetesConflict`      | yes     |
 * | 400 / 422 invalid request or object     | `KubernetesInvalid`       | no      |
 * | 401 Unauthorized                        | `KubernetesUnauthorized`  | no      |
 * | 410 / 429 / 5xx                         | `KubernetesServerError`   | yes     |
 * | no answer (refused, reset, timeout)     | `KubernetesUnreachable`   | yes     |
 *
 * Failures keep the original error as `cause` and carry details (verb, resource, namespace, …).
 */
import { ApplicationFailure } from '@temporalio/common';
import { type Cluster, describeRef, type ResourceInfo } from './cluster.js';
import { KubeApiError, KubeUnreachableError } from './rest.js';
import type { JsonObject, ObjectRef } from './types.js';

/** What the activity was doing, to name it in the message. */
export interface RequestContext {
  /** The Kubernetes verb: get, list, watch, create, update, patch, delete. */
  readonly verb: string;
  readonly cluster: Cluster;
  readonly ref?: ObjectRef;
  readonly info?: ResourceInfo;
}

/** Converts any error from a Kubernetes call into the failure to throw (see the table above). */
export function toKubernetesFailure(error: unknown, context: RequestContext): Error {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof KubeUnreachableError) {
    const failure = new Error(
      `${error.message} (${context.cluster.description}); retrying with backoff`,
      { cause: error },
    );
    failure.name = 'KubernetesUnreachable';
    return failure;
  }
  if (!(error instanceof KubeApiError)) return error as Error;

  const { cluster, ref, info, verb } = context;
  const resource = info?.resource ?? ref?.kind.toLowerCase() ?? 'resource';
  const group = info?.group ?? '';
  const target = ref ? describeRef(ref, info) : resource;
  const details = {
    verb,
    resource,
    group,
    namespace: ref?.namespace ?? null,
    name: ref?.name ?? null,
    cluster: cluster.name ?? null,
    server: cluster.rest.server,
    status: error.status,
    reason: error.reason,
  };
  const said = error.apiMessage ? ` The API server said: ${error.apiMessage}` : '';
  const make = (type: string, nonRetryable: boolean, message: string, extra: JsonObject = {}) =>
    ApplicationFailure.create({
      type,
      nonRetryable,
      message,
      details: [{ ...details, ...extra }],
      cause: error,
    });

  switch (true) {
    case error.status === 403: {
      const identity = /User "([^"]+)"/.exec(error.apiMessage)?.[1] ?? currentUser(cluster);
      const where = ref?.namespace !== undefined ? ` in namespace "${ref.namespace}"` : '';
      const groupText = group === '' ? 'the core API group' : `API group "${group}"`;
      return make(
        'KubernetesForbidden',
        true,
        `forbidden: ${identity} may not ${verb} ${resource}${group ? `.${group}` : ''}` +
          `${ref ? ` "${ref.name}"` : ''}${where} on ${cluster.description}. ` +
          `Grant "${verb}" on "${resource}" in ${groupText} to ${identity} with a Role or ` +
          `ClusterRole binding, or run the step with a cluster: whose credentials have it.${said}`,
        { identity },
      );
    }
    case error.status === 404:
      return make(
        'KubernetesNotFound',
        true,
        `${target} not found on ${cluster.description}; check the name, the namespace and the cluster the step targets.${said}`,
      );
    case error.status === 409 && isFieldManagerConflict(error.body):
      return make(
        'KubernetesFieldConflict',
        true,
        `server-side apply of ${target} conflicts with fields owned by another field manager; ` +
          `set force: true to take them over, or remove those fields from the manifest.${said}`,
      );
    case error.status === 409:
      return make(
        'KubernetesConflict',
        false,
        `${target} changed while this step was updating it (409 Conflict); the step is retried.${said}`,
      );
    case error.status === 400 || error.status === 422:
      return make(
        'KubernetesInvalid',
        true,
        `the API server rejected ${verb} of ${target} as invalid.${said}`,
      );
    case error.status === 401:
      return make(
        'KubernetesUnauthorized',
        true,
        `the credentials for ${cluster.description} were not accepted (401 Unauthorized); renew them in the kubeconfig.${said}`,
      );
    default:
      return make(
        'KubernetesServerError',
        false,
        `${verb} of ${target} failed with ${error.status} ${error.reason} on ${cluster.description}; retrying.${said}`,
      );
  }
}

/** Runs one Kubernetes call, converting its failure with `toKubernetesFailure`. */
export async function kubeCall<T>(context: RequestContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toKubernetesFailure(error, context);
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof KubeApiError && error.status === 404;
}

function isFieldManagerConflict(body: JsonObject | undefined): boolean {
  const causes = (body?.details as JsonObject | undefined)?.causes;
  return (
    Array.isArray(causes) &&
    causes.some((c) => (c as JsonObject)?.reason === 'FieldManagerConflict')
  );
}

function currentUser(cluster: Cluster): string {
  const user = cluster.kc.getCurrentUser();
  return user ? `user "${user.name}" of the kubeconfig` : 'the current identity';
}
