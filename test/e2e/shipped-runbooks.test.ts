/**
 * Issue 9 acceptance: every runbook we ship runs, not only validates. The test finds every runbook
 * in runbooks/ (examples included) and every ```yaml `kind: Runbook` block in docs/*.md and
 * README.md by itself, commits them all, verbatim, into one scratch git repository, and runs each
 * one pinned to that commit on the real servers: Temporal's time-skipping test server and a real
 * control plane (kube-apiserver + kwok). Params go through the CLI's own param resolution,
 * starters through spec.access, approvals through the `approve` Update as people of
 * runbooks/people.yaml. Each run is checked for its final status, every step's status and the
 * state it promises to leave behind, read back with a second client.
 *
 * A runbook added without a scenario here fails the coverage test: give it one in SCENARIOS, or,
 * only if it needs more than shell, approval, sleep and Kubernetes, a reason in NOT_RUN_HERE.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { V1Deployment } from '@kubernetes/client-node';
import { WorkflowFailedError } from '@temporalio/client';
import { parseDocument } from 'yaml';
import type { RollbackStep, RunbookDefinition, Step } from '../../src/runbook/model.js';
import { resolveParams } from '../../src/runbook/params.js';
import {
  checkStartAccess,
  type PeopleDirectory,
  parsePeople,
} from '../../src/runbook/people/index.js';
import { isTestFileName } from '../../src/runbook-test/parse-test-file.js';
import { approveUpdate, progressQuery } from '../../src/workflows/definitions.js';
import { runbookWorkflow } from '../../src/workflows/runbook-workflow.js';
import type { RunbookRunResult, RunTrigger, StepStatus } from '../../src/workflows/types.js';
import { eventually, within } from '../harness/eventually.js';
import { installReleases } from '../harness/fake-github/releases.js';
import { type FakeGithub, startFakeGithub } from '../harness/fake-github/server.js';
import { commitRepo } from '../harness/git-repo.js';
import {
  createDeployment,
  createNamespace,
  IMAGE_V1,
  IMAGE_V2,
  rolledOut,
  useKube,
} from '../harness/kube.js';
import { definitionFrom, historyText, resultOf, runId, runInput } from '../harness/runs.js';
import { useTimeSkippingEnv } from '../harness/time-skipping.js';
import { startTestWorker } from '../harness/worker.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** One whole run, approvals and rollouts included (kwok makes pods Ready within seconds). */
const RUN_MS = 90_000;
/** How long a run may take to reach its approval step. */
const APPROVAL_WAIT_MS = 30_000;

// ---------------------------------------------------------------------------------------------
// What we ship: found on disk, so that a new runbook is covered or must be listed.

interface Shipped {
  /** `runbooks/…yaml`, or `docs/page.md#<metadata.name>` for a block of a Markdown page. */
  readonly key: string;
  readonly text: string;
  /** Where the runbook is committed in the scratch repository. */
  readonly path: string;
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFilesUnder(path);
    return /\.ya?ml$/.test(name) && name !== 'people.yaml' && !isTestFileName(name) ? [path] : [];
  });
}

function runbookBlocks(file: string): Shipped[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const found: Shipped[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i] ?? '')) continue;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end] ?? '')) end++;
    const text = lines.slice(i + 1, end).join('\n');
    i = end;
    if (!/^kind:\s*Runbook\s*$/m.test(text)) continue;
    const name = String(parseDocument(text).getIn(['metadata', 'name']));
    const page = file.replace(/\.md$/, '').replace(/\//g, '-');
    found.push({ key: `${file}#${name}`, text, path: `doc-examples/${page}/${name}/runbook.yaml` });
  }
  return found;
}

const byKey = (a: { key: string }, b: { key: string }): number =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

function shippedRunbooks(): Shipped[] {
  const files = yamlFilesUnder(join(root, 'runbooks')).map((path): Shipped => {
    const key = relative(root, path);
    return { key, text: readFileSync(path, 'utf8'), path: key };
  });
  const pages = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return [...files, ...[...pages, 'README.md'].flatMap(runbookBlocks)].sort(byKey);
}

/** Every action a runbook may run: steps, nested steps, rollbacks and onFailure steps. */
function needsOf(definition: RunbookDefinition): Set<string> {
  const needs = new Set<string>();
  const visit = (step: Step | RollbackStep): void => {
    if (step.kind === 'run') needs.add('run');
    else if (step.kind === 'uses') needs.add(step.action);
    else if (step.kind === 'runbook') needs.add('runbook');
    else for (const inner of step.steps) visit(inner);
    if ('rollback' in step && step.rollback !== undefined && step.rollback !== 'none') {
      visit(step.rollback);
    }
  };
  for (const step of [...definition.steps, ...definition.onFailure]) visit(step);
  return needs;
}

const runsHere = (need: string): boolean =>
  ['run', 'approval', 'sleep'].includes(need) || need.startsWith('kubernetes.');

// ---------------------------------------------------------------------------------------------
// The fixtures every run shares.

const temporal = useTimeSkippingEnv();
const cluster = useKube();

const people: PeopleDirectory = (() => {
  const parsed = parsePeople(
    readFileSync(join(root, 'runbooks/people.yaml'), 'utf8'),
    'people.yaml',
  );
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.directory;
})();

/** Someone on call who is in no group, so that every approval must come from somebody else. */
const ONCALL: RunTrigger = { kind: 'cli', actor: 'cli:oncall' };

const GITHUB_TOKEN = 'ghp_shipped-runbooks-test-token';
const NEW_DB_PASSWORD = 'rotated-s3cret-value';

const shipped = shippedRunbooks();
const scratch = mkdtempSync(join(tmpdir(), 'rr-shipped-'));
let repo: { path: string; commit: string };

/** Where the stand-in scripts of one docs runbook write what they were called with. */
const journalFile = (key: string): string => join(scratch, `${key.replace(/[^\w.-]/g, '_')}.log`);

/** The scripts the runbooks shown in the docs call, as paths beside the runbook. */
const DOC_SCRIPTS: Record<string, readonly string[]> = {
  'docs/runbook-format.md#deploy-service': [
    'scripts/smoke.sh',
    'scripts/notify-rollback.sh',
    'migrate',
  ],
  'README.md#release': ['release.sh', 'smoke.sh'],
};

/** A stand-in for a script a docs runbook calls: it records its name and arguments. */
const stub = (name: string, journal: string): string =>
  `#!/bin/sh\necho "${name} $*" >> '${journal}'\n`;

/** The lines the stand-in scripts of `key` wrote. */
function journalOf(key: string): string[] {
  const file = journalFile(key);
  return existsSync(file) ? readFileSync(file, 'utf8').replace(/\n$/, '').split('\n') : [];
}

before(() => {
  const files: Record<string, string> = {
    'runbooks/people.yaml': readFileSync(join(root, 'runbooks/people.yaml'), 'utf8'),
  };
  const executables: string[] = [];
  for (const runbook of shipped) {
    files[runbook.path] = runbook.text;
    for (const script of DOC_SCRIPTS[runbook.key] ?? []) {
      const path = join(dirname(runbook.path), script);
      files[path] = stub(basename(script), journalFile(runbook.key));
      executables.push(path);
    }
  }
  const path = commitRepo(join(scratch, 'repo'), files);
  for (const file of executables) chmodSync(join(path, file), 0o755);
  execFileSync(
    'git',
    ['-C', path, '-c', 'user.email=t@example.invalid', '-c', 'user.name=t'].concat([
      'commit',
      '-qam',
      'executable scripts',
    ]),
  );
  const commit = execFileSync('git', ['-C', path, 'rev-parse', 'HEAD'], {
    encoding: 'utf8',
  }).trim();
  repo = { path, commit };
});

// ---------------------------------------------------------------------------------------------
// Running one runbook as a trigger would: params resolved, access checked, pinned to the commit.

interface RunOptions {
  readonly params?: Readonly<Record<string, string>>;
  readonly trigger?: RunTrigger;
  /** Who approves, in order: one `approve` Update each time the run waits for approval. */
  readonly approvers?: readonly string[];
  /** Worker settings besides the defaults (GITHUB_API_URL of a fake GitHub). */
  readonly env?: Readonly<Record<string, string>>;
}

interface Finished {
  readonly result: RunbookRunResult;
  /** The run's history with payloads decoded. */
  readonly history: string;
  /** Step id → status, top-level steps and onFailure steps. */
  readonly steps: Readonly<Record<string, StepStatus>>;
}

async function run(runbook: Shipped, options: RunOptions = {}): Promise<Finished> {
  const definition = definitionFrom(runbook.text, runbook.path);
  const trigger = options.trigger ?? ONCALL;
  const resolved = resolveParams(definition, options.params ?? {});
  assert.ok(resolved.ok, JSON.stringify(resolved));
  assert.equal(checkStartAccess(definition, people, trigger.actor), undefined);
  const input = {
    ...runInput(definition, repo.path, resolved.params, trigger),
    source: { repo: repo.path, commit: repo.commit, path: runbook.path },
    people,
  };
  const w = await startTestWorker(temporal.env, {
    kubeconfigPath: cluster.kube.plane.kubeconfigPath,
    env: { GITHUB_TOKEN, NEW_DB_PASSWORD, ...options.env },
  });
  const workflowId = runId(definition.name);
  const result = await within(
    w.worker.runUntil(async () => {
      const handle = await temporal.env.client.workflow.start(runbookWorkflow, {
        taskQueue: w.taskQueue,
        workflowId,
        args: [input],
      });
      for (const approver of options.approvers ?? []) {
        await eventually(
          async () => (await handle.query(progressQuery)).status === 'WaitingApproval',
          { what: `${definition.name} to wait for an approval`, timeoutMs: APPROVAL_WAIT_MS },
        );
        await handle.executeUpdate(approveUpdate, { args: [{ approver }] });
      }
      try {
        return await handle.result();
      } catch (error) {
        if (error instanceof WorkflowFailedError) return resultOf(error);
        throw error;
      }
    }),
    RUN_MS,
    `a run of ${runbook.key}`,
  );
  const history = historyText(
    await temporal.env.client.workflow.getHandle(workflowId).fetchHistory(),
  );
  const steps = Object.fromEntries(result.progress.steps.map((s) => [s.key, s.status]));
  return { result, history, steps };
}

// ---------------------------------------------------------------------------------------------
// Cluster fixtures and a loopback stand-in for the hosts runbooks call.

function imageOf(d: V1Deployment, container = 'web'): string | undefined {
  return d.spec?.template.spec?.containers.find((c) => c.name === container)?.image;
}

function restartedAt(d: V1Deployment): string | undefined {
  return d.spec?.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'];
}

/** A namespace holding a Deployment `web` (2 replicas, IMAGE_V1) whose first rollout finished. */
async function readyWeb(prefix: string): Promise<{ namespace: string; web: V1Deployment }> {
  const { kube } = cluster;
  const namespace = await createNamespace(kube, prefix);
  await createDeployment(kube, namespace, 'web');
  return { namespace, web: await rolledOut(kube, namespace, 'web') };
}

/** Loopback servers and fake GitHubs started by the scenarios, closed after the file. */
const servers: Server[] = [];
const fakes: FakeGithub[] = [];
after(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((closed) => s.close(() => closed()))));
  await Promise.all(fakes.map((fake) => fake.close()));
});

interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: unknown;
}

/** A server on 127.0.0.1 answering with `handle`, recording every request; closed after the file. */
async function loopback(
  handle: (request: Recorded) => { status: number; body?: unknown },
): Promise<{ base: string; received: Recorded[] }> {
  const received: Recorded[] = [];
  const read = async (request: IncomingMessage): Promise<unknown> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  };
  const server: Server = createServer((request, response) => {
    read(request).then(
      (body) => {
        const recorded: Recorded = {
          method: request.method ?? '',
          url: request.url ?? '',
          authorization: request.headers.authorization,
          body,
        };
        received.push(recorded);
        const answer = handle(recorded);
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      },
      (error: unknown) => response.destroy(error as Error),
    );
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  servers.push(server);
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

// ---------------------------------------------------------------------------------------------
// What each shipped runbook is run with, and what it must leave behind.

type Scenario = (runbook: Shipped) => Promise<void>;

const SCENARIOS: Record<string, Record<string, Scenario>> = {
  'runbooks/examples/hello.yaml': {
    'greets and passes the greeting to the next step': async (runbook) => {
      const { result, steps } = await run(runbook, { params: { who: 'operators' } });
      assert.equal(result.status, 'Succeeded');
      assert.deepEqual(steps, { greet: 'Succeeded', show: 'Succeeded' });
      assert.equal(result.outputs.greet?.greeting, 'hello, operators');
    },
  },

  'runbooks/examples/failing-migration.yaml': {
    'fails at smoke, undoes the three changes newest first, then reports': async (runbook) => {
      const target = mkdtempSync(join(scratch, 'db-'));
      const { result, steps } = await run(runbook, { params: { target } });
      assert.equal(result.status, 'RolledBack');
      assert.equal(result.failure?.step, 'smoke');
      assert.deepEqual(steps, {
        snapshot: 'RolledBack',
        migrate: 'RolledBack',
        'switch-traffic': 'RolledBack',
        smoke: 'Failed',
        'onFailure.report': 'Succeeded',
      });
      assert.deepEqual(readFileSync(join(target, 'journal'), 'utf8').trim().split('\n'), [
        'snapshot taken',
        'migration 042 applied',
        'traffic on new schema',
        'traffic back on old schema',
        'migration 042 reverted',
        'snapshot released',
        'run failed at smoke — rolled back',
      ]);
    },
  },

  'runbooks/examples/release-with-approval.yaml': {
    'waits for a reviewer, then releases the version and verifies it': async (runbook) => {
      const target = mkdtempSync(join(scratch, 'env-'));
      const { result, steps } = await run(runbook, {
        params: { version: 'v1.5.0', target },
        approvers: ['cli:demo-reviewer'],
      });
      assert.equal(result.status, 'Succeeded');
      assert.deepEqual(steps, {
        preflight: 'Succeeded',
        approve: 'Succeeded',
        release: 'Succeeded',
        verify: 'Succeeded',
      });
      assert.equal(result.outputs.preflight?.previous, 'v1.3.2');
      assert.deepEqual(result.outputs.approve?.approvedBy, ['demo-reviewer']);
      assert.equal(readFileSync(join(target, 'version'), 'utf8').trim(), 'v1.5.0');
    },
  },

  'runbooks/deploy-service.yaml': {
    'in prod: an sre approves, the image rolls out, the smoke URL answers': async (runbook) => {
      const { namespace } = await readyWeb('deploy');
      const smoke = await loopback(() => ({ status: 200, body: { ok: true } }));
      const { result, steps } = await run(runbook, {
        params: {
          namespace,
          deployment: 'web',
          container: 'web',
          image: IMAGE_V2,
          env: 'prod',
          smoke_url: `${smoke.base}/healthz`,
        },
        approvers: ['cli:bob'],
      });
      assert.equal(result.status, 'Succeeded', JSON.stringify(result.failure));
      assert.deepEqual(steps, {
        approve: 'Succeeded',
        'set-image': 'Succeeded',
        rollout: 'Succeeded',
        smoke: 'Succeeded',
      });
      assert.equal(imageOf(await rolledOut(cluster.kube, namespace, 'web')), IMAGE_V2);
      assert.deepEqual(
        smoke.received.map((r) => `${r.method} ${r.url}`),
        ['GET /healthz'],
      );
    },
  },

  'runbooks/scale-service.yaml': {
    'scales a Deployment up without an approval and waits for the replicas': async (runbook) => {
      const { namespace } = await readyWeb('scale');
      const { result, steps } = await run(runbook, {
        params: { namespace, name: 'web', replicas: '3' },
      });
      assert.equal(result.status, 'Succeeded', JSON.stringify(result.failure));
      assert.deepEqual(steps, { approve: 'Skipped', scale: 'Succeeded', rollout: 'Succeeded' });
      const web = await rolledOut(cluster.kube, namespace, 'web');
      assert.equal(web.spec?.replicas, 3);
      assert.equal(web.status?.availableReplicas, 3);
    },
    'scales to zero only after an sre approves': async (runbook) => {
      const { namespace } = await readyWeb('scale-zero');
      const { result, steps } = await run(runbook, {
        params: { namespace, name: 'web', replicas: '0' },
        approvers: ['cli:alice'],
      });
      assert.equal(result.status, 'Succeeded', JSON.stringify(result.failure));
      assert.deepEqual(steps, { approve: 'Succeeded', scale: 'Succeeded', rollout: 'Succeeded' });
      assert.deepEqual(result.outputs.approve?.approvedBy, ['alice']);
      const web = await cluster.kube.apps.readNamespacedDeployment({ namespace, name: 'web' });
      assert.equal(web.spec?.replicas, 0);
    },
  },

  'runbooks/rollback-service.yaml': {
    'takes a Deployment back to the image of its previous revision': async (runbook) => {
      const { kube } = cluster;
      const { namespace, web } = await readyWeb('rollback');
      const containers = web.spec?.template.spec?.containers ?? [];
      assert.ok(containers[0]);
      containers[0].image = IMAGE_V2;
      await kube.apps.replaceNamespacedDeployment({ namespace, name: 'web', body: web });
      assert.equal(imageOf(await rolledOut(kube, namespace, 'web')), IMAGE_V2);

      const { result, steps } = await run(runbook, { params: { namespace, deployment: 'web' } });
      assert.equal(result.status, 'Succeeded', JSON.stringify(result.failure));
      assert.deepEqual(steps, {
        'undo-previous': 'Succeeded',
        'undo-to-revision': 'Skipped',
        rollout: 'Succeeded',
      });
      assert.equal(imageOf(await rolledOut(kube, namespace, 'web')), IMAGE_V1);
    },
  },

  'runbooks/restart-crashlooping-pods.yaml': {
    'without a pod: restarts every pod of the Deployment and waits until it is Available': async (
      runbook,
    ) => {
      const { namespace, web } = await readyWeb('restart');
      assert.equal(restartedAt(web), undefined);
      const { result, steps } = await run(runbook, { params: { namespace, deployment: 'web' } });
      assert.equal(result.status, 'Succeeded', JSON.stringify(result.failure));
      assert.deepEqual(steps, {
        inspect: 'Succeeded',
        'delete-pod': 'Skipped',
        'wait-gone': 'Skipped',
        restart: 'Succeeded',
        rollout: 'Succeeded',
        available: 'Succeeded',
      });
      const after = await rolledOut(cluster.kube, namespace, 'web');
      assert.ok(restartedAt(after), 'the pod template carries a restartedAt annotation');
      assert.ok((after.metadata?.generation ?? 0) > (web.metadata?.generation ?? 0));
    },
    'with a pod: deletes that pod, waits until it is gone and the Deployment is Available': async (
      runbook,
    ) => {
      const { kube } = cluster;
      const { namespace, web } = await readyWeb('restart-pod');
      const pods = await kube.core.listNamespacedPod({ namespace, labelSelector: 'app=web' });
      const stuck = pods.items[0]?.metadata?.name;
      assert.ok(stuck);
      const { result, steps } = await run(runbook, {
        params: { namespace, deployment: 'web', pod: stuck },
      });
      assert.equal(result.status, 'Succeeded', JSON.stringify(result.failure));
      assert.deepEqual(steps, {
        inspect: 'Succeeded',
        'delete-pod': 'Succeeded',
        'wait-gone': 'Succeeded',
        restart: 'Skipped',
        rollout: 'Succeeded',
        available: 'Succeeded',
      });
      const now = await kube.core.listNamespacedPod({ namespace, labelSelector: 'app=web' });
      assert.ok(!now.items.some((pod) => pod.metadata?.name === stuck), `${stuck} is gone`);
      const after = await rolledOut(kube, namespace, 'web');
      assert.equal(
        after.metadata?.generation,
        web.metadata?.generation,
        'the template is untouched',
      );
    },
  },

  'runbooks/rotate-secret.yaml': {
    'in prod: an sre approves, the key is rotated, the old data kept, the Deployment restarted':
      async (runbook) => {
        const { kube } = cluster;
        const { namespace, web } = await readyWeb('rotate');
        await kube.core.createNamespacedSecret({
          namespace,
          body: {
            metadata: { name: 'web-db' },
            stringData: { password: 'old-password', user: 'app' },
          },
        });
        const { result, steps, history } = await run(runbook, {
          params: {
            namespace,
            secret_name: 'web-db',
            key: 'password',
            value: 'env:NEW_DB_PASSWORD',
            deployment: 'web',
            env: 'prod',
          },
          approvers: ['cli:bob'],
        });
        assert.equal(result.status, 'Succeeded', JSON.stringify(result.failure));
        assert.deepEqual(steps, {
          approve: 'Succeeded',
          write: 'Succeeded',
          restart: 'Succeeded',
          rollout: 'Succeeded',
        });
        const decoded = async (name: string) => {
          const secret = await kube.core.readNamespacedSecret({ namespace, name });
          return Object.fromEntries(
            Object.entries(secret.data ?? {}).map(([k, v]) => [
              k,
              Buffer.from(v, 'base64').toString(),
            ]),
          );
        };
        assert.deepEqual(await decoded('web-db'), { password: NEW_DB_PASSWORD, user: 'app' });
        assert.deepEqual(await decoded('web-db-previous'), {
          password: 'old-password',
          user: 'app',
        });
        const after = await rolledOut(kube, namespace, 'web');
        assert.ok(restartedAt(after) && restartedAt(web) === undefined, 'the Deployment restarted');
        assert.ok(history.includes('env:NEW_DB_PASSWORD'), 'history holds the reference');
        assert.ok(!history.includes(NEW_DB_PASSWORD), 'history never holds the new value');
        assert.ok(!history.includes('old-password'), 'history never holds the old value');
      },
  },

  'runbooks/cut-github-release.yaml': {
    'against the fake GitHub: a release manager approves, the release is created with its notes':
      async (runbook) => {
        const definition = definitionFrom(runbook.text, runbook.path);
        for (const repo of ['acme/web/../x', '../web', 'acme/web?x=1', 'acme']) {
          assert.equal(resolveParams(definition, { repo, tag: 'v1.8.2' }).ok, false, repo);
        }
        const github = await startFakeGithub({ tokens: [GITHUB_TOKEN] });
        fakes.push(github);
        const releases = installReleases(github);
        const { result, steps, history } = await run(runbook, {
          params: { repo: 'acme/web', tag: 'v1.8.2' },
          approvers: ['cli:alice'],
          env: { GITHUB_API_URL: github.url },
        });
        assert.equal(result.status, 'Succeeded', JSON.stringify(result.failure));
        assert.deepEqual(steps, { approve: 'Succeeded', release: 'Succeeded' });
        assert.deepEqual(
          github.calls.map((c) => `${c.method} ${c.path} ${c.auth}`),
          [`POST /repos/acme/web/releases token:${GITHUB_TOKEN}`],
        );
        assert.deepEqual(github.calls[0]?.body, {
          tag_name: 'v1.8.2',
          target_commitish: 'main',
          name: 'v1.8.2',
          draft: false,
          prerelease: false,
          generate_release_notes: true,
        });
        const created = releases.byTag('acme/web', 'v1.8.2');
        assert.match(created?.body ?? '', /What's Changed/);
        assert.equal(result.outputs.release?.id, created?.id);
        assert.equal(
          result.outputs.release?.url,
          'https://github.com/acme/web/releases/tag/v1.8.2',
        );
        assert.ok(!history.includes(GITHUB_TOKEN), 'the token never reaches history');
      },
  },

  'docs/runbook-format.md#deploy-service': {
    'the complete example, in staging: sets the image, runs its smoke and migrate scripts from the commit':
      async (runbook) => {
        const { kube } = cluster;
        // The example deploys service "web" into namespace "web", container "app".
        await kube.core.createNamespace({ body: { metadata: { name: 'web' } } });
        await kube.apps.createNamespacedDeployment({
          namespace: 'web',
          body: {
            metadata: { name: 'web', labels: { app: 'web' } },
            spec: {
              replicas: 1,
              selector: { matchLabels: { app: 'web' } },
              template: {
                metadata: { labels: { app: 'web' } },
                spec: { containers: [{ name: 'app', image: IMAGE_V1 }] },
              },
            },
          },
        });
        // spec.access lets only the sre group start it.
        const { result, steps } = await run(runbook, {
          params: { service: 'web', image: IMAGE_V2 },
          trigger: { kind: 'cli', actor: 'cli:alice' },
        });
        assert.equal(result.status, 'Succeeded', JSON.stringify(result.failure));
        assert.deepEqual(steps, {
          approve: 'Skipped',
          'set-image': 'Succeeded',
          smoke: 'Succeeded',
          migrate: 'Succeeded',
        });
        const web = await kube.apps.readNamespacedDeployment({ namespace: 'web', name: 'web' });
        assert.equal(imageOf(web, 'app'), IMAGE_V2);
        assert.deepEqual(journalOf(runbook.key), [
          'smoke.sh --env staging',
          'migrate --to staging',
        ]);
      },
  },

  'README.md#release': {
    'the README example: one of the named people approves, release.sh and smoke.sh run': async (
      runbook,
    ) => {
      const { result, steps } = await run(runbook, {
        params: { version: 'v2.0.0' },
        approvers: ['cli:bob'],
      });
      assert.equal(result.status, 'Succeeded', JSON.stringify(result.failure));
      assert.deepEqual(steps, { approve: 'Succeeded', release: 'Succeeded', verify: 'Succeeded' });
      assert.deepEqual(journalOf(runbook.key), ['release.sh v2.0.0', 'smoke.sh ']);
    },
  },
};

/**
 * Shipped runbooks that cannot run here, each with why. Only a runbook that needs more than
 * shell, approval, sleep and Kubernetes may be listed (the coverage test checks it).
 */
const NOT_RUN_HERE: Record<string, string> = {
  'runbooks/ops/rollout-workers.yaml':
    'its temporal.* steps route a Worker Deployment with two versioned worker fleets; the blue-green proof runs them on the dev server in test/versioning/blue-green.test.ts',
};

// ---------------------------------------------------------------------------------------------

describe('coverage of the shipped runbooks', () => {
  it('finds every runbook file in runbooks/ and the runbook blocks of the docs', () => {
    const keys = shipped.map((r) => r.key);
    assert.ok(keys.includes('runbooks/examples/hello.yaml'), keys.join(', '));
    assert.ok(keys.includes('runbooks/deploy-service.yaml'), keys.join(', '));
    assert.ok(
      keys.some((key) => key.startsWith('docs/')),
      keys.join(', '),
    );
    assert.ok(!keys.includes('runbooks/people.yaml'));
  });

  it('runs each one here, or lists why it cannot run here', () => {
    const decided = [...Object.keys(SCENARIOS), ...Object.keys(NOT_RUN_HERE)]
      .map((key) => ({ key }))
      .sort(byKey)
      .map(({ key }) => key);
    assert.deepEqual(
      decided,
      shipped.map((r) => r.key),
      'add a scenario to SCENARIOS (or a reason to NOT_RUN_HERE) for each new runbook',
    );
    for (const key of Object.keys(NOT_RUN_HERE)) assert.ok(!(key in SCENARIOS), key);
  });

  it('skips none that needs only shell, approval, sleep and Kubernetes', () => {
    for (const runbook of shipped.filter((r) => r.key in NOT_RUN_HERE)) {
      const needs = [...needsOf(definitionFrom(runbook.text, runbook.path))];
      assert.ok(
        needs.some((need) => !runsHere(need)),
        `${runbook.key} needs only ${needs.join(', ')}: run it in the test`,
      );
    }
  });
});

for (const runbook of shipped) {
  const scenarios = SCENARIOS[runbook.key];
  if (scenarios === undefined) continue;
  describe(runbook.key, () => {
    for (const [title, scenario] of Object.entries(scenarios)) {
      it(title, () => scenario(runbook));
    }
  });
}
