// Every object the chart renders, for the default values and for the blue/green flip, sent to the
// real local kube-apiserver as a server-side dry run with strict field validation: the API server
// accepts each one. The namespaces are created for real first. Then the workers' RBAC, created for
// real, is checked with SubjectAccessReviews: the verbs the kubernetes.* actions need in the
// listed namespaces, and nothing in the others.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { repoRoot } from '../../src/testing/toolchain.js';
import { type RenderedObject, renderChart } from '../harness/helm.js';
import { useKube } from '../harness/kube.js';
import { dryRunCreate, kubeRequest, ResourcePaths } from '../harness/kube-dry-run.js';

const FLIPPED = 'test/fixtures/chart/green-current.yaml';
const suffix = randomBytes(3).toString('hex');
const RELEASE_NS = `rr-chart-${suffix}`;
const TEAM_A = `team-a-${suffix}`;
const TEAM_B = `team-b-${suffix}`;
const ELSEWHERE = `elsewhere-${suffix}`;
/** The flipped values with this run's namespaces for RBAC. */
const FLIPPED_SET = { 'rbac.namespaces': `{${TEAM_A},${TEAM_B}}` };

describe('the chart on a real kube-apiserver', () => {
  const cluster = useKube();

  before(async () => {
    for (const name of [RELEASE_NS, TEAM_A, TEAM_B, ELSEWHERE]) {
      await cluster.kube.core.createNamespace({ body: { metadata: { name } } });
    }
    const crd = parse(
      readFileSync(join(repoRoot, 'test/fixtures/chart/servicemonitor-crd.yaml'), 'utf8'),
    );
    const created = await kubeRequest(
      cluster.kube.kc,
      'POST',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      crd,
    );
    assert.ok(
      created.status === 201 || created.status === 409,
      `creating the ServiceMonitor CRD: ${created.status} ${JSON.stringify(created.body)}`,
    );
    // The CRD is served once it is Established.
    const paths = new ResourcePaths(cluster.kube.kc);
    for (let tries = 0; ; tries++) {
      try {
        await paths.collection('monitoring.coreos.com/v1', 'ServiceMonitor', RELEASE_NS);
        break;
      } catch (error) {
        if (tries > 300) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });

  async function dryRunAll(objects: readonly RenderedObject[]): Promise<string[]> {
    const paths = new ResourcePaths(cluster.kube.kc);
    const refused: string[] = [];
    for (const object of objects) {
      const answer = await dryRunCreate(cluster.kube.kc, paths, object);
      const name = `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
      if (answer.status !== 201) {
        refused.push(`${name}: ${answer.status} ${String(answer.body.message)}`);
        continue;
      }
      assert.equal(answer.body.kind, object.kind, name);
    }
    return refused;
  }

  describe('server-side dry run of the rendered chart', () => {
    it('the API server accepts every object rendered with the default values', async () => {
      const objects = await renderChart({ namespace: RELEASE_NS });
      const kinds = new Set(objects.map((o) => o.kind));
      for (const kind of [
        'Deployment',
        'Service',
        'ServiceAccount',
        'PodDisruptionBudget',
        'Role',
      ]) {
        assert.ok(kinds.has(kind), `the default render has a ${kind}`);
      }
      assert.deepEqual(await dryRunAll(objects), []);
    });

    it('the API server accepts every object rendered with blue and green flipped and every option on', async () => {
      const objects = await renderChart({
        namespace: RELEASE_NS,
        valuesFiles: [FLIPPED],
        set: FLIPPED_SET,
      });
      const kinds = new Set(objects.map((o) => o.kind));
      for (const kind of ['ServiceMonitor', 'RoleBinding', 'Role', 'Service']) {
        assert.ok(kinds.has(kind), `the flipped render has a ${kind}`);
      }
      assert.deepEqual(await dryRunAll(objects), []);
    });

    it('refuses a rendered worker with a field Kubernetes does not know (the dry run is strict)', async () => {
      const objects = await renderChart({ namespace: RELEASE_NS });
      const worker = structuredClone(
        objects.find((o) => o.kind === 'Deployment' && o.metadata.name.endsWith('worker-blue')),
      ) as RenderedObject & { spec: { template: { spec: { terminationGracePeriod?: number } } } };
      worker.spec.template.spec.terminationGracePeriod = 75;
      const answer = await dryRunCreate(
        cluster.kube.kc,
        new ResourcePaths(cluster.kube.kc),
        worker,
      );
      assert.equal(answer.status, 400);
      assert.match(
        String(answer.body.message),
        /unknown field "spec\.template\.spec\.terminationGracePeriod"/,
      );
    });
  });

  describe('the workers RBAC, created for real', () => {
    const workerUser = `system:serviceaccount:${RELEASE_NS}:rr-runbook-runner-worker`;

    before(async () => {
      const objects = await renderChart({
        namespace: RELEASE_NS,
        valuesFiles: [FLIPPED],
        set: FLIPPED_SET,
      });
      const paths = new ResourcePaths(cluster.kube.kc);
      for (const object of objects.filter((o) =>
        ['ServiceAccount', 'Role', 'RoleBinding'].includes(o.kind),
      )) {
        const collection = await paths.collection(
          object.apiVersion,
          object.kind,
          object.metadata.namespace,
        );
        const answer = await kubeRequest(cluster.kube.kc, 'POST', collection, object);
        assert.equal(
          answer.status,
          201,
          `${object.kind}/${object.metadata.name}: ${answer.body.message}`,
        );
      }
    });

    async function allowed(attributes: {
      namespace: string;
      verb: string;
      group: string;
      resource: string;
      name?: string;
    }): Promise<boolean> {
      const answer = await kubeRequest(
        cluster.kube.kc,
        'POST',
        '/apis/authorization.k8s.io/v1/subjectaccessreviews',
        {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: {
            user: workerUser,
            groups: ['system:serviceaccounts', `system:serviceaccounts:${RELEASE_NS}`],
            resourceAttributes: attributes,
          },
        },
      );
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      return (answer.body.status as { allowed?: boolean }).allowed === true;
    }

    it('lets the workers do what kubernetes.setImage, scale, rolloutUndo and waitFor need in each listed namespace', async () => {
      for (const namespace of [TEAM_A, TEAM_B]) {
        for (const verb of ['get', 'list', 'watch', 'patch']) {
          for (const resource of ['deployments', 'statefulsets', 'daemonsets']) {
            assert.equal(
              await allowed({ namespace, verb, group: 'apps', resource }),
              true,
              `${verb} ${resource} in ${namespace}`,
            );
          }
        }
        assert.equal(
          await allowed({ namespace, verb: 'list', group: 'apps', resource: 'replicasets' }),
          true,
        );
        assert.equal(
          await allowed({ namespace, verb: 'create', group: '', resource: 'configmaps' }),
          true,
        );
      }
    });

    it('refuses the workers Secrets, deletes of workloads, and every namespace not listed', async () => {
      for (const verb of ['get', 'list', 'create']) {
        assert.equal(
          await allowed({ namespace: TEAM_A, verb, group: '', resource: 'secrets' }),
          false,
        );
      }
      assert.equal(
        await allowed({
          namespace: TEAM_A,
          verb: 'delete',
          group: 'apps',
          resource: 'deployments',
        }),
        false,
      );
      assert.equal(
        await allowed({
          namespace: TEAM_A,
          verb: 'create',
          group: 'apps',
          resource: 'deployments',
        }),
        false,
      );
      assert.equal(
        await allowed({
          namespace: ELSEWHERE,
          verb: 'get',
          group: 'apps',
          resource: 'deployments',
        }),
        false,
      );
      assert.equal(
        await allowed({
          namespace: ELSEWHERE,
          verb: 'patch',
          group: 'apps',
          resource: 'deployments',
        }),
        false,
      );
    });

    it('lets the rollout runbook scale this release’s worker Deployments and no other in the release namespace', async () => {
      for (const color of ['blue', 'green']) {
        const name = `rr-runbook-runner-worker-${color}`;
        assert.equal(
          await allowed({
            namespace: RELEASE_NS,
            verb: 'patch',
            group: 'apps',
            resource: 'deployments',
            name,
          }),
          true,
        );
        assert.equal(
          await allowed({
            namespace: RELEASE_NS,
            verb: 'watch',
            group: 'apps',
            resource: 'deployments',
            name,
          }),
          true,
        );
      }
      assert.equal(
        await allowed({
          namespace: RELEASE_NS,
          verb: 'patch',
          group: 'apps',
          resource: 'deployments',
          name: 'rr-runbook-runner-server',
        }),
        false,
      );
      assert.equal(
        await allowed({
          namespace: RELEASE_NS,
          verb: 'list',
          group: 'apps',
          resource: 'deployments',
        }),
        false,
      );
    });
  });
});
