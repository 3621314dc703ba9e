/**
 * Acceptance tests of issue 6, end to end through the real CLI: `runbooks/deploy-service.yaml`
 * against a real control plane (etcd, kube-apiserver, controller-manager, scheduler, kwok), a
 * real Temporal dev server, and `runbook worker` / `runbook run` / `runbook plan` as separate
 * processes. The runbook is committed into a scratch repository so that the run is pinned to a
 * commit without touching this checkout. The test reads the cluster back with its own client.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { V1Deployment } from '@kubernetes/client-node';
import { freePort } from '../../src/testing/free-port.js';
import { createReadOnlyAccess } from '../../src/testing/kube-access.js';
import { type CliProcess, exitWithin, spawnCli, startCliWorker, stopCli } from '../harness/cli.js';
import { type DevServerFixture, startDevServerFixture } from '../harness/dev-server.js';
import { eventually } from '../harness/eventually.js';
import { commitRepo } from '../harness/git-repo.js';
import {
  createDeployment,
  createNamespace,
  IMAGE_V1,
  IMAGE_V2,
  type KubeFixture,
  startKube,
} from '../harness/kube.js';

const DEPLOY_RUNBOOK = fileURLToPath(
  new URL('../../runbooks/deploy-service.yaml', import.meta.url),
);
/** A whole `runbook run` of deploy-service: rollout, a smoke check retried 5 times, compensation. */
const RUN_MS = 240_000;
/** A Deployment rollout on kwok (pods become Ready within seconds). */
const ROLLOUT_MS = 60_000;

let kube: KubeFixture;
let server: DevServerFixture;
let dir: string;
let repo: string;

before(async () => {
  [kube, server] = await Promise.all([
    startKube(),
    startDevServerFixture({ prefix: 'rr-kube-e2e-' }),
  ]);
  dir = server.dir;
  // The runbook exactly as this checkout has it, committed in a scratch repository.
  repo = commitRepo(join(dir, 'repo'), {
    'runbooks/deploy-service.yaml': readFileSync(DEPLOY_RUNBOOK),
    // The people.yaml its approval's group comes from, pinned with it.
    'runbooks/people.yaml': readFileSync(join(dirname(DEPLOY_RUNBOOK), 'people.yaml')),
    'runbooks/copy-image.yaml': COPY_IMAGE_RUNBOOK,
  });
});

after(async () => {
  await server?.stop();
  await kube?.plane.stop();
});

/** A runbook whose setImage input comes from an earlier step's outputs: not dry-runnable. */
const COPY_IMAGE_RUNBOOK = `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: copy-image }
spec:
  params:
    namespace: { type: string }
    from: { type: string }
    to: { type: string }
  steps:
    - id: source
      uses: kubernetes.get
      with: { namespace: "\${{ params.namespace }}", kind: Deployment, name: "\${{ params.from }}" }
    - id: copy
      uses: kubernetes.setImage
      with:
        namespace: "\${{ params.namespace }}"
        name: "\${{ params.to }}"
        containers: { web: "\${{ steps.source.outputs.object.spec.template.spec.containers[0].image }}" }
`;

function rolloutComplete(d: V1Deployment): boolean {
  const replicas = d.spec?.replicas ?? 1;
  return (
    (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1) &&
    (d.status?.updatedReplicas ?? 0) === replicas &&
    (d.status?.replicas ?? 0) === replicas &&
    (d.status?.availableReplicas ?? 0) === replicas
  );
}

function imageOf(d: V1Deployment): string | undefined {
  return d.spec?.template.spec?.containers[0]?.image;
}

/** Polls the Deployment until `check` holds; fails after `timeoutMs` with its last state. */
async function deploymentEventually(
  namespace: string,
  name: string,
  check: (d: V1Deployment) => boolean,
  timeoutMs: number,
  what: string,
): Promise<V1Deployment> {
  let last: V1Deployment | undefined;
  try {
    return await eventually(
      async () => {
        last = await kube.apps.readNamespacedDeployment({ namespace, name });
        return check(last) && last;
      },
      { what, timeoutMs, intervalMs: 250 },
    );
  } catch (error) {
    throw new Error(
      `${(error as Error).message}; last: ${JSON.stringify({ spec: last?.spec?.template.spec?.containers, generation: last?.metadata?.generation, status: last?.status })}`,
      { cause: error },
    );
  }
}

/** A Deployment `web` (2 replicas, container `web`, IMAGE_V1) whose first rollout has completed. */
async function readyDeployment(namespace: string): Promise<V1Deployment> {
  await createDeployment(kube, namespace, 'web');
  return deploymentEventually(namespace, 'web', rolloutComplete, ROLLOUT_MS, 'the first rollout');
}

function startWorker(taskQueue: string, kubeconfig: string): Promise<CliProcess> {
  return startCliWorker(
    {
      TEMPORAL_ADDRESS: server.address,
      RUNBOOK_TASK_QUEUE: taskQueue,
      RUNBOOK_HOME: join(dir, `home-${taskQueue}`),
      KUBECONFIG: kubeconfig,
    },
    `the ${taskQueue} worker`,
  );
}

function deployArgs(namespace: string, smokeUrl: string, id: string): string[] {
  return [
    'run',
    join(repo, 'runbooks', 'deploy-service.yaml'),
    '-p',
    `namespace=${namespace}`,
    '-p',
    'deployment=web',
    '-p',
    'container=web',
    '-p',
    `image=${IMAGE_V2}`,
    '-p',
    'env=staging',
    '-p',
    `smoke_url=${smokeUrl}`,
    '--id',
    id,
  ];
}

test('deploy-service sets the new image, waits for a Ready rollout, and when the smoke check fails its automatic compensation restores the old image and waits for that rollout to complete', async () => {
  const namespace = await createNamespace(kube, 'deploy');
  const before = await readyDeployment(namespace);
  const worker = await startWorker('kube-deploy', kube.plane.kubeconfigPath);
  // Nothing listens on this loopback port: curl fails on every attempt.
  const smokeUrl = `http://127.0.0.1:${await freePort()}/healthz`;
  try {
    const run = spawnCli(deployArgs(namespace, smokeUrl, `deploy-${namespace}`), {
      TEMPORAL_ADDRESS: server.address,
      RUNBOOK_TASK_QUEUE: 'kube-deploy',
      RUNBOOK_HOME: join(dir, 'home-cli'),
    });
    // While the smoke check is retried, the new image is fully rolled out.
    const rolledOut = await deploymentEventually(
      namespace,
      'web',
      (d) => imageOf(d) === IMAGE_V2 && rolloutComplete(d),
      RUN_MS,
      `a completed rollout of ${IMAGE_V2}`,
    );
    assert.equal(rolledOut.metadata?.generation, (before.metadata?.generation ?? 0) + 1);

    const code = await exitWithin(run, RUN_MS, 'runbook run');
    assert.equal(code, 1, run.output());
    assert.match(run.output(), /RolledBack/);

    // The undo waits for its own rollout, so by the time the run has ended the old image is
    // already fully rolled out again: read it once, without waiting.
    const restored = await kube.apps.readNamespacedDeployment({ namespace, name: 'web' });
    assert.equal(imageOf(restored), IMAGE_V1);
    assert.ok(rolloutComplete(restored), JSON.stringify(restored.status));
    assert.equal(restored.metadata?.generation, (before.metadata?.generation ?? 0) + 2);
    assert.equal(restored.status?.observedGeneration, restored.metadata?.generation);
    assert.equal(restored.status?.updatedReplicas, 2);
    assert.equal(restored.status?.availableReplicas, 2);
  } finally {
    await stopCli(worker);
  }
});

test('deploy-service run as a read-only ServiceAccount fails on its first mutating step with a Forbidden message naming verb, resource, namespace and identity, and changes nothing', async () => {
  const namespace = await createNamespace(kube, 'readonly');
  const before = await readyDeployment(namespace);
  const access = await createReadOnlyAccess({
    adminKubeconfigPath: kube.plane.kubeconfigPath,
    namespace,
    outputPath: join(dir, `read-only-${namespace}.kubeconfig`),
  });
  const worker = await startWorker('kube-readonly', access.kubeconfigPath);
  try {
    const run = spawnCli(deployArgs(namespace, '', `readonly-${namespace}`), {
      TEMPORAL_ADDRESS: server.address,
      RUNBOOK_TASK_QUEUE: 'kube-readonly',
      RUNBOOK_HOME: join(dir, 'home-cli'),
    });
    const code = await exitWithin(run, RUN_MS, 'runbook run');
    assert.equal(code, 1, run.output());
    const output = run.output();
    assert.match(
      output,
      new RegExp(
        `forbidden: ${access.identity.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} may not patch deployments\\.apps "web" in namespace "${namespace}"`,
      ),
    );
    assert.match(output, /set-image/);
  } finally {
    await stopCli(worker);
  }
  const afterRun = await kube.apps.readNamespacedDeployment({ namespace, name: 'web' });
  assert.equal(imageOf(afterRun), IMAGE_V1);
  assert.equal(afterRun.metadata?.generation, before.metadata?.generation);
});

test('runbook plan shows the diff of a server-side dry run and changes nothing; steps fed by earlier outputs and an unreachable cluster are said so', async () => {
  const namespace = await createNamespace(kube, 'plan');
  const before = await readyDeployment(namespace);
  const env = { KUBECONFIG: kube.plane.kubeconfigPath, RUNBOOK_HOME: join(dir, 'home-cli') };

  const plan = spawnCli(
    [
      'plan',
      join(repo, 'runbooks', 'deploy-service.yaml'),
      '-p',
      `namespace=${namespace}`,
      '-p',
      'deployment=web',
      '-p',
      'container=web',
      '-p',
      `image=${IMAGE_V2}`,
    ],
    env,
  );
  assert.equal(await exitWithin(plan, 60_000, 'runbook plan'), 0, plan.output());
  const text = plan.output();
  assert.match(text, /server-side dry run \(dryRun=All\) on context "runbook-local"/);
  assert.match(text, new RegExp(`^\\s+-\\s+- image: ${IMAGE_V1.replace(/\./g, '\\.')}$`, 'm'));
  assert.match(text, new RegExp(`^\\s+\\+\\s+- image: ${IMAGE_V2.replace(/\./g, '\\.')}$`, 'm'));
  assert.match(text, /nothing was changed/);

  const afterPlan = await kube.apps.readNamespacedDeployment({ namespace, name: 'web' });
  assert.equal(afterPlan.metadata?.resourceVersion, before.metadata?.resourceVersion);
  assert.equal(imageOf(afterPlan), IMAGE_V1);

  const chained = spawnCli(
    [
      'plan',
      join(repo, 'runbooks', 'copy-image.yaml'),
      '-p',
      `namespace=${namespace}`,
      '-p',
      'from=web',
      '-p',
      'to=web',
    ],
    env,
  );
  assert.equal(await exitWithin(chained, 60_000, 'runbook plan'), 0, chained.output());
  assert.match(
    chained.output(),
    /dry run: not possible, with: depends on \$\{\{ steps\.source\.outputs\.object\.spec\.template\.spec\.containers\[0\]\.image \}\}/,
  );

  // A kubeconfig pointing at a loopback port where nothing listens.
  const unreachable = join(dir, 'unreachable.kubeconfig');
  writeFileSync(
    unreachable,
    readFileSync(kube.plane.kubeconfigPath, 'utf8').replace(
      /server: https:\/\/127\.0\.0\.1:\d+/,
      `server: https://127.0.0.1:${await freePort()}`,
    ),
  );
  const offline = spawnCli(
    [
      'plan',
      join(repo, 'runbooks', 'deploy-service.yaml'),
      '-p',
      `namespace=${namespace}`,
      '-p',
      'deployment=web',
      '-p',
      `image=${IMAGE_V2}`,
    ],
    { ...env, KUBECONFIG: unreachable },
  );
  assert.equal(await exitWithin(offline, 60_000, 'runbook plan'), 0, offline.output());
  assert.match(offline.output(), /were NOT dry-run: no cluster reachable \(.*ECONNREFUSED/);
  assert.match(offline.output(), /3\. rollout: uses kubernetes\.rolloutStatus/);
});
