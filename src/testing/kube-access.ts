/**
 * Restricted credentials for tests against the local control plane: a ServiceAccount bound by
 * RBAC to read-only access in one namespace, written out as a kubeconfig that authenticates with
 * a bound token (TokenRequest API). Used to show that a runbook fails with `KubernetesForbidden`
 * on its first mutating step and changes nothing.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';

/** What the read-only Role allows: get, list and watch on these resources, nothing else. */
export const READ_ONLY_RULES = [
  {
    apiGroups: ['apps'],
    resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'],
    verbs: ['get', 'list', 'watch'],
  },
  {
    apiGroups: [''],
    resources: ['pods', 'configmaps', 'services'],
    verbs: ['get', 'list', 'watch'],
  },
  { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] },
];

export interface ReadOnlyAccess {
  /** A kubeconfig whose only context (`read-only`) uses the ServiceAccount's token. */
  readonly kubeconfigPath: string;
  /** `system:serviceaccount:<namespace>:<name>`, as the apiserver names it. */
  readonly identity: string;
}

/**
 * Creates ServiceAccount, Role and RoleBinding `name` in `namespace` (with the admin kubeconfig
 * at `adminKubeconfigPath`) and writes a kubeconfig for that ServiceAccount.
 */
export async function createReadOnlyAccess(options: {
  readonly adminKubeconfigPath: string;
  readonly namespace: string;
  readonly name?: string;
  /** Where to write the kubeconfig; default a file in the OS temp dir. */
  readonly outputPath?: string;
}): Promise<ReadOnlyAccess> {
  const { namespace } = options;
  const name = options.name ?? 'read-only';
  const admin = new KubeConfig();
  admin.loadFromFile(options.adminKubeconfigPath);
  const core = admin.makeApiClient(CoreV1Api);
  const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
  await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name } } });
  await rbac.createNamespacedRole({
    namespace,
    body: { metadata: { name }, rules: READ_ONLY_RULES },
  });
  await rbac.createNamespacedRoleBinding({
    namespace,
    body: {
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    },
  });
  const token = await core.createNamespacedServiceAccountToken({
    name,
    namespace,
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  const cluster = admin.getCurrentCluster();
  if (!cluster?.caData)
    throw new Error(`${options.adminKubeconfigPath} has no embedded certificate-authority-data`);
  const kubeconfigPath =
    options.outputPath ?? join(tmpdir(), `runbook-read-only-${namespace}-${name}.kubeconfig`);
  await writeFile(
    kubeconfigPath,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'local',
          cluster: { server: cluster.server, 'certificate-authority-data': cluster.caData },
        },
      ],
      users: [{ name, user: { token: token.status?.token } }],
      contexts: [{ name: 'read-only', context: { cluster: 'local', user: name, namespace } }],
      'current-context': 'read-only',
    }),
    { mode: 0o600 },
  );
  return { kubeconfigPath, identity: `system:serviceaccount:${namespace}:${name}` };
}
