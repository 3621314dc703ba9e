/**
 * One cluster as the activities see it: credentials, the REST client, API discovery (kind →
 * resource path, namespaced or not) and the namespace to use when a step names none.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { ApplicationFailure } from '@temporalio/common';
import { contextNamespace, describeCluster } from './kubeconfig.js';
import { KubeRest } from './rest.js';
import type { JsonObject, ObjectRef } from './types.js';

/** apiVersion assumed for common kinds when a step gives only `kind:`. */
export const DEFAULT_API_VERSIONS: Readonly<Record<string, string>> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  Pod: 'v1',
  Service: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  Namespace: 'v1',
  ServiceAccount: 'v1',
  PersistentVolumeClaim: 'v1',
  Node: 'v1',
  Ingress: 'networking.k8s.io/v1',
  Role: 'rbac.authorization.k8s.io/v1',
  RoleBinding: 'rbac.authorization.k8s.io/v1',
  ClusterRole: 'rbac.authorization.k8s.io/v1',
  ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
};

export interface ResourceInfo {
  readonly apiVersion: string;
  readonly kind: string;
  /** The plural resource name used in paths, e.g. `deployments`. */
  readonly resource: string;
  readonly group: string;
  readonly namespaced: boolean;
}

/** How a step names an object before the cluster resolves it. */
export interface ObjectSelector {
  readonly apiVersion?: string | undefined;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string | undefined;
}

export class Cluster {
  readonly rest: KubeRest;
  readonly description: string;
  readonly defaultNamespace: string;
  private readonly discovered = new Map<string, Promise<JsonObject>>();

  constructor(
    readonly kc: KubeConfig,
    /** The step's `cluster:` value, kept in undo records so compensation hits the same cluster. */
    readonly name: string | undefined,
  ) {
    this.rest = new KubeRest(kc);
    this.description = describeCluster(kc);
    this.defaultNamespace = contextNamespace(kc);
  }

  /**
   * Finds the resource for `kind` in `apiVersion` (default: see DEFAULT_API_VERSIONS).
   * @throws ApplicationFailure `KubernetesUnknownKind` when the server does not serve it.
   */
  async resourceFor(kind: string, apiVersion?: string): Promise<ResourceInfo> {
    const version = apiVersion ?? DEFAULT_API_VERSIONS[kind];
    if (version === undefined) {
      throw ApplicationFailure.create({
        type: 'KubernetesUnknownKind',
        nonRetryable: true,
        message: `kind "${kind}" needs an apiVersion (e.g. apiVersion: example.com/v1)`,
      });
    }
    const path = version.includes('/') ? `/apis/${version}` : `/api/${version}`;
    let list = this.discovered.get(path);
    if (list === undefined) {
      list = this.rest.request<JsonObject>({ method: 'GET', path });
      this.discovered.set(path, list);
      list.catch(() => this.discovered.delete(path));
    }
    let resources: JsonObject[];
    try {
      resources = ((await list).resources ?? []) as JsonObject[];
    } catch (error) {
      if ((error as { status?: number }).status === 404) resources = [];
      else throw error;
    }
    const found = resources.find((r) => r.kind === kind && !String(r.name).includes('/'));
    if (found === undefined) {
      this.discovered.delete(path);
      throw ApplicationFailure.create({
        type: 'KubernetesUnknownKind',
        nonRetryable: true,
        message: `the cluster (${this.description}) serves no kind "${kind}" in ${version}`,
      });
    }
    return {
      apiVersion: version,
      kind,
      resource: String(found.name),
      group: version.includes('/') ? (version.split('/')[0] ?? '') : '',
      namespaced: found.namespaced === true,
    };
  }

  /** Resolves a step's object selector to a full reference (namespace only for namespaced kinds). */
  async resolve(selector: ObjectSelector): Promise<{ ref: ObjectRef; info: ResourceInfo }> {
    const info = await this.resourceFor(selector.kind, selector.apiVersion);
    const ref: ObjectRef = info.namespaced
      ? {
          apiVersion: info.apiVersion,
          kind: info.kind,
          name: selector.name,
          namespace: selector.namespace ?? this.defaultNamespace,
        }
      : { apiVersion: info.apiVersion, kind: info.kind, name: selector.name };
    return { ref, info };
  }
}

/** `/apis/apps/v1/namespaces/ns/deployments` (collection) or `…/deployments/name` (object). */
export function resourcePath(info: ResourceInfo, namespace?: string, name?: string): string {
  const base = info.apiVersion.includes('/')
    ? `/apis/${info.apiVersion}`
    : `/api/${info.apiVersion}`;
  const ns =
    info.namespaced && namespace !== undefined
      ? `/namespaces/${encodeURIComponent(namespace)}`
      : '';
  const tail = name === undefined ? '' : `/${encodeURIComponent(name)}`;
  return `${base}${ns}/${info.resource}${tail}`;
}

export function objectPath(info: ResourceInfo, ref: ObjectRef): string {
  return resourcePath(info, ref.namespace, ref.name);
}

/** `deployments.apps "web" in namespace "prod"` for messages. */
export function describeRef(ref: ObjectRef, info?: ResourceInfo): string {
  const group = ref.apiVersion.includes('/') ? `.${ref.apiVersion.split('/')[0]}` : '';
  const what = info ? `${info.resource}${group}` : `${ref.kind}${group}`;
  return `${what} "${ref.name}"${ref.namespace !== undefined ? ` in namespace "${ref.namespace}"` : ''}`;
}
