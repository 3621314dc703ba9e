// Acceptance of issue 12 for merges and `/runbook run` comments: the real server over HTTP, a
// real dev server, a worker with its own empty checkout cache, a bare git repository as origin,
// the fake GitHub API, and payloads from @octokit/webhooks-examples signed with the real scheme.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { WorkflowNotFoundError } from '@temporalio/client';
import { statusCommand } from '../../src/cli/commands/status.js';
import { githubIntegration } from '../../src/server/github/integration.js';
import { handleMergedPullRequest } from '../../src/server/github/merge-runs.js';
import { localCatalog } from '../../src/source/catalog.js';
import { approveUpdate, progressQuery } from '../../src/workflows/definitions.js';
import { PLAN_BINDING_STEP } from '../../src/workflows/plan-binding-gate.js';
import { RunbookCommitKey } from '../../src/workflows/search-attributes.js';
import { type DevServerFixture, startDevServerFixture } from '../harness/dev-server.js';
import { eventually } from '../harness/eventually.js';
import {
  type CollaboratorStore,
  installCollaborators,
} from '../harness/fake-github/collaborators.js';
import { type CommentStore, installComments } from '../harness/fake-github/comments.js';
import { installPulls, type PullStore } from '../harness/fake-github/pulls.js';
import { type FakeGithub, startFakeGithub } from '../harness/fake-github/server.js';
import { githubWebhookHeaders } from '../harness/fake-github/webhooks.js';
import { commitRepo } from '../harness/git-repo.js';
import { startTestServer, type TestServer } from '../harness/server.js';
import { connectTo, startTestWorker, type TestWorker } from '../harness/worker.js';

// GitHub's documented payloads (the package is JSON; its default-export typing does not fit NodeNext).
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as {
  name: string;
  examples: { action?: string }[];
}[];
// biome-ignore lint/suspicious/noExplicitAny: a GitHub example payload, edited field by field
type Payload = Record<string, any>;

const SECRET = 'merge-test-secret';
const OWNER = 'Codertocat';
const REPO = 'Hello-World';
const FULL = `${OWNER}/${REPO}`;
const RUN_MS = 90_000;

const runbook = (name: string, onMerge: string, steps: string) => `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: ${name} }
spec:
  params:
    env: { type: string, default: staging }
${onMerge}
  steps:
${steps}`;

const API_STEPS = `    - id: check-app
      run: ["sh", "-c", "test -f ../services/api/app.txt && echo deploying to $0", "\${{ params.env }}"]
`;
const FILES = {
  'runbooks/deploy-api.yaml': runbook(
    'deploy-api',
    '  triggers: { github: { onMerge: { branches: [main], paths: ["services/api/**"], params: { env: prod } } } }',
    API_STEPS,
  ),
  'runbooks/deploy-web.yaml': runbook(
    'deploy-web',
    '  triggers: { github: { onMerge: { paths: ["services/web/**"] } } }',
    '    - id: web\n      run: ["true"]\n',
  ),
  'runbooks/hello.yaml': runbook(
    'hello',
    '',
    '    - id: hi\n      run: ["sh", "-c", "echo hello $0", "${{ params.env }}"]\n',
  ),
  'services/api/app.txt': 'v1\n',
  'services/web/index.html': '<p>v1</p>\n',
};

let temporal: DevServerFixture;
let access: Awaited<ReturnType<typeof connectTo>>;
let worker: TestWorker;
let working: Promise<void>;
let fake: FakeGithub;
let comments: CommentStore;
let pulls: PullStore;
let collaborators: CollaboratorStore;
let server: TestServer;
let work: string;
let origin: string;

function git(...args: string[]): string {
  return execFileSync(
    'git',
    ['-C', work, '-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args],
    {
      encoding: 'utf8',
    },
  ).trim();
}

/** Commits `files` on `branch` (created from `from` when new) and pushes it; returns the sha. */
function commitOn(branch: string, files: Record<string, string>, from = 'main'): string {
  const exists = git('branch', '--list', branch) !== '';
  git('checkout', '-q', ...(exists ? [branch] : ['-b', branch, from]));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(work, path), text);
  git('add', '.');
  git('commit', '-qm', `change on ${branch}`);
  git('push', '-q', 'origin', branch);
  return git('rev-parse', 'HEAD');
}

/** Merges `branch` into main with a merge commit and pushes main; returns the merge sha. */
function mergeIntoMain(branch: string): string {
  git('checkout', '-q', 'main');
  git('merge', '-q', '--no-ff', '-m', `Merge ${branch}`, branch);
  git('push', '-q', 'origin', 'main');
  return git('rev-parse', 'HEAD');
}

function mergedPayload(options: {
  number: number;
  headSha: string;
  mergeSha: string;
  base?: string;
  headRepo?: string;
}) {
  const closed = examples
    .find((e) => e.name === 'pull_request')
    ?.examples.find((e) => e.action === 'closed');
  assert.ok(closed !== undefined, 'webhooks-examples has a closed pull_request');
  const payload = structuredClone(closed) as Payload;
  const pr = payload.pull_request;
  pr.number = options.number;
  pr.merged = true;
  pr.state = 'closed';
  pr.merge_commit_sha = options.mergeSha;
  pr.merged_by = { ...payload.sender, login: 'merger' };
  pr.head.sha = options.headSha;
  pr.head.ref = `feature-${options.number}`;
  pr.head.repo = { ...pr.head.repo, full_name: options.headRepo ?? FULL };
  pr.base.ref = options.base ?? 'main';
  payload.repository.default_branch = 'main';
  return payload;
}

function commentPayload(options: { id: number; issue: number; login: string; body: string }) {
  const created = examples
    .find((e) => e.name === 'issue_comment')
    ?.examples.find((e) => e.action === 'created');
  assert.ok(created !== undefined, 'webhooks-examples has a created issue_comment');
  const payload = structuredClone(created) as Payload;
  payload.issue.number = options.issue;
  payload.issue.pull_request = {
    url: `https://api.github.com/repos/${FULL}/pulls/${options.issue}`,
  };
  payload.comment.id = options.id;
  payload.comment.body = options.body;
  payload.comment.user = { ...payload.comment.user, login: options.login, type: 'User' };
  payload.sender = { ...payload.sender, login: options.login, type: 'User' };
  return payload;
}

async function deliver(event: string, payload: unknown, delivery: string, secret = SECRET) {
  const body = JSON.stringify(payload);
  const response = await fetch(`${server.url}/github/webhooks`, {
    method: 'POST',
    headers: githubWebhookHeaders({ event, body, secret, delivery }),
    body,
  });
  return response.status;
}

async function exists(workflowId: string): Promise<boolean> {
  try {
    await access.client.workflow.getHandle(workflowId).describe();
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

async function started(workflowId: string) {
  return eventually(() => exists(workflowId), {
    what: `run ${workflowId} to start`,
    timeoutMs: RUN_MS,
  });
}

/** Waits until the receiver's background work for every delivery so far has finished. */
async function settled() {
  await eventually(() => server.background.size === 0, {
    what: 'background work to finish',
    timeoutMs: RUN_MS,
  });
}

before(async () => {
  temporal = await startDevServerFixture({ prefix: 'rr-ghmerge-' });
  access = await connectTo(temporal.address);
  worker = await startTestWorker(access);
  working = worker.worker.run();
  const dir = mkdtempSync(join(tmpdir(), 'rr-ghmerge-git-'));
  work = commitRepo(join(dir, 'work'), FILES);
  origin = join(dir, 'origin.git');
  execFileSync('git', ['clone', '-q', '--bare', work, origin]);
  git('remote', 'add', 'origin', origin);
  fake = await startFakeGithub();
  comments = installComments(fake);
  pulls = installPulls(fake);
  collaborators = installCollaborators(fake);
  server = await startTestServer({
    client: access.client,
    address: temporal.address,
    taskQueue: worker.taskQueue,
    integrations: [githubIntegration],
    catalog: localCatalog(origin),
    env: {
      GITHUB_WEBHOOK_SECRET: SECRET,
      GITHUB_REPOSITORY: FULL,
      GITHUB_TOKEN: 'ghp_fake',
      GITHUB_API_URL: fake.url,
      RUNBOOK_DEFAULT_BRANCH: 'main',
    },
  });
});

after(async () => {
  await server?.close();
  worker?.worker.shutdown();
  await working;
  await fake?.close();
  await access?.close();
  await temporal?.stop();
});

function addPull(number: number, headSha: string, files: string[]) {
  pulls.add({
    repo: FULL,
    number,
    headSha,
    headRef: `feature-${number}`,
    headRepo: FULL,
    baseRef: 'main',
    baseSha: git('rev-parse', 'main'),
    files: files.map((filename) => ({ filename, status: 'modified' })),
    labels: [],
    user: 'octocat',
  });
}

describe('a merged pull request', () => {
  let mergeSha = '';
  test('starts exactly the runbook whose paths match, pinned to the merge commit, and it finishes', async () => {
    const head = commitOn('feature-1', { 'services/api/app.txt': 'v2\n' });
    mergeSha = mergeIntoMain('feature-1');
    addPull(1, head, ['services/api/app.txt']);
    assert.equal(
      await deliver('pull_request', mergedPayload({ number: 1, headSha: head, mergeSha }), 'd-1'),
      202,
    );
    const handle = access.client.workflow.getHandle('merge-d-1-deploy-api');
    await started('merge-d-1-deploy-api');
    const result = (await handle.result()) as {
      status: string;
      progress: { planBinding?: { reviewed: string; actual: string } };
    };
    assert.equal(result.status, 'Succeeded');
    const description = await handle.describe();
    assert.equal(description.typedSearchAttributes.get(RunbookCommitKey), mergeSha);
    const binding = result.progress.planBinding;
    assert.ok(
      binding !== undefined && binding.reviewed === binding.actual,
      'bound to the reviewed plan, unchanged',
    );
    await settled();
    assert.equal(await exists('merge-d-1-deploy-web'), false, 'deploy-web paths do not match');
    assert.equal(await exists('merge-d-1-hello'), false, 'hello has no onMerge');
  });

  test('a redelivery starts nothing, even after the first run finished and the receiver forgot it', async () => {
    const payload = mergedPayload({ number: 1, headSha: git('rev-parse', 'feature-1'), mergeSha });
    assert.equal(
      await deliver('pull_request', payload, 'd-1'),
      200,
      'the receiver answers duplicate',
    );
    // A restarted server has forgotten the delivery: the workflow id refuses the second start.
    const deps = {
      context: {
        client: access.client,
        settings: { address: temporal.address, namespace: 'default', taskQueue: worker.taskQueue },
        catalog: localCatalog(origin),
        env: {},
        background: server.background,
        log: () => {},
      },
      catalog: localCatalog(origin),
      octokit: async () =>
        (await import('../../src/integrations/github/octokit.js')).githubClient({
          baseUrl: fake.url,
          auth: 'ghp_fake',
        }),
      settings: { repository: { owner: OWNER, name: REPO }, defaultBranch: 'main' },
    };
    const outcome = await handleMergedPullRequest(
      { name: 'pull_request', delivery: 'd-1', payload },
      deps,
    );
    assert.deepEqual(outcome.started, []);
    assert.ok(
      outcome.skipped.some((s) => /already started as merge-d-1-deploy-api/.test(s)),
      outcome.skipped.join('\n'),
    );
    const runs = access.client.workflow.list({ query: `WorkflowId = 'merge-d-1-deploy-api'` });
    let count = 0;
    for await (const _ of runs) count += 1;
    assert.equal(count, 1);
  });

  test('a forged signature gets 401 and starts nothing', async () => {
    const payload = mergedPayload({ number: 1, headSha: git('rev-parse', 'feature-1'), mergeSha });
    assert.equal(await deliver('pull_request', payload, 'd-forged', 'not-the-secret'), 401);
    await settled();
    assert.equal(await exists('merge-d-forged-deploy-api'), false);
  });

  test('from a fork, or into another branch, starts nothing', async () => {
    const head = git('rev-parse', 'feature-1');
    assert.equal(
      await deliver(
        'pull_request',
        mergedPayload({ number: 1, headSha: head, mergeSha, headRepo: 'mallory/Hello-World' }),
        'd-fork',
      ),
      202,
    );
    assert.equal(
      await deliver(
        'pull_request',
        mergedPayload({ number: 1, headSha: head, mergeSha, base: 'release' }),
        'd-release',
      ),
      202,
    );
    await settled();
    assert.equal(await exists('merge-d-fork-deploy-api'), false);
    assert.equal(await exists('merge-d-release-deploy-api'), false);
    assert.ok(
      server.logs.some((l) => l.includes('d-fork') && /from a fork/.test(l)),
      server.logs.join('\n'),
    );
    assert.ok(
      server.logs.some((l) => l.includes('d-release') && /merged into release/.test(l)),
      server.logs.join('\n'),
    );
  });

  test('after a base-branch change that alters the plan, the run waits at the gate showing the difference; approving runs it', async () => {
    const head = commitOn('feature-2', { 'services/api/app.txt': 'v3\n' });
    // Meanwhile on main, outside the pull request: a new step in the runbook.
    commitOn('main', {
      'runbooks/deploy-api.yaml': FILES['runbooks/deploy-api.yaml'].replace(
        API_STEPS,
        `${API_STEPS}    - id: unreviewed-step\n      run: ["sh", "-c", "echo nobody reviewed this"]\n`,
      ),
    });
    const merge2 = mergeIntoMain('feature-2');
    addPull(2, head, ['services/api/app.txt']);
    assert.equal(
      await deliver(
        'pull_request',
        mergedPayload({ number: 2, headSha: head, mergeSha: merge2 }),
        'd-2',
      ),
      202,
    );
    const id = 'merge-d-2-deploy-api';
    await started(id);
    const handle = access.client.workflow.getHandle(id);
    const waiting = await eventually(
      async () => {
        const p = await handle.query(progressQuery).catch(() => undefined);
        return p?.status === 'WaitingApproval' ? p : undefined;
      },
      { what: 'the run to wait at the plan-binding gate', timeoutMs: RUN_MS },
    );
    assert.equal(waiting.steps.length, 1, 'no step ran before the gate');
    assert.equal(waiting.steps[0]?.key, PLAN_BINDING_STEP);
    const binding = waiting.planBinding;
    assert.ok(binding !== undefined && binding.reviewed !== binding.actual);
    assert.ok(
      binding.difference.includes('runbook runbooks/deploy-api.yaml changed'),
      binding.difference.join('\n'),
    );
    assert.ok(
      binding.difference.some((l) => l.startsWith('+ ') && l.includes('unreviewed-step')),
      binding.difference.join('\n'),
    );

    // `runbook status` shows the gate and the difference.
    let out = '';
    const sink = new Writable({
      write(chunk, _e, done) {
        out += String(chunk);
        done();
      },
    });
    const code = await statusCommand([id, '--address', temporal.address], {
      stdout: sink,
      stderr: sink,
      cwd: work,
      env: {},
    });
    assert.equal(code, 0, out);
    assert.match(out, /plan changed since review: reviewed sha256:[0-9a-f]{64}, now sha256:/);
    assert.match(out, /\+ .*unreviewed-step/);
    assert.match(out, /plan changed since review +WaitingApproval/);

    // The merger may not wave through their own unreviewed change; someone else may.
    const refused = await handle
      .executeUpdate(approveUpdate, { args: [{ approver: 'github:merger' }] })
      .then(
        () => undefined,
        (error: unknown) => (error as { cause?: Error }).cause?.message ?? String(error),
      );
    assert.match(refused ?? 'approved', /forbids self-approval/);
    await handle.executeUpdate(approveUpdate, { args: [{ approver: 'github:reviewer' }] });
    const result = (await handle.result()) as {
      status: string;
      progress: { steps: { key: string; status: string }[] };
    };
    assert.equal(result.status, 'Succeeded');
    assert.deepEqual(
      result.progress.steps.map((s) => `${s.key}:${s.status}`),
      [`${PLAN_BINDING_STEP}:Succeeded`, 'check-app:Succeeded', 'unreviewed-step:Succeeded'],
    );
  });
});

describe('/runbook run on a pull request', () => {
  let head = '';
  before(() => {
    head = commitOn('feature-3', { 'services/web/index.html': '<p>v2</p>\n' });
    addPull(3, head, ['services/web/index.html']);
  });

  test('from a user with read permission gets a refusal reply and starts nothing', async () => {
    collaborators.set(FULL, 'reader', 'read');
    const payload = commentPayload({
      id: 501,
      issue: 3,
      login: 'reader',
      body: '/runbook run hello env=prod',
    });
    assert.equal(await deliver('issue_comment', payload, 'c-501'), 202);
    await settled();
    const replies = comments.on(FULL, 3);
    assert.equal(replies.length, 1, JSON.stringify(replies));
    assert.match(
      replies[0]?.body ?? '',
      /^@reader `\/runbook run` needs write permission on Codertocat\/Hello-World; yours is read\. Nothing was started\.$/,
    );
    assert.equal(await exists('pr-comment-501-hello'), false);
  });

  test('from a writer starts a run pinned to the head, reported in one comment updated in place', async () => {
    collaborators.set(FULL, 'writer', 'maintain');
    const before = comments.on(FULL, 3).length;
    const payload = commentPayload({
      id: 502,
      issue: 3,
      login: 'writer',
      body: '/runbook run hello env=prod',
    });
    assert.equal(await deliver('issue_comment', payload, 'c-502'), 202);
    const id = 'pr-comment-502-hello';
    await started(id);
    const handle = access.client.workflow.getHandle(id);
    assert.equal(((await handle.result()) as { status: string }).status, 'Succeeded');
    assert.equal((await handle.describe()).typedSearchAttributes.get(RunbookCommitKey), head);
    await settled();
    const mine = comments.on(FULL, 3).slice(before);
    assert.equal(mine.length, 1, 'one comment for the run');
    const report = mine[0];
    assert.ok(report !== undefined);
    assert.ok(report.edits >= 1, 'updated in place');
    assert.match(report.body, /<!-- runbook-run:pr-comment-502-hello -->/);
    assert.match(report.body, /✅ \*\*hello\*\*: Succeeded/);
    assert.match(report.body, /requested by @writer/);
    assert.match(report.body, /\| `hi` \| Succeeded \|/);
  });
});
