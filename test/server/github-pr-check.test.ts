// The GitHub webhook receiver and the pull request check, end to end over HTTP: the real
// `runbook server` with the GitHub integration, a real git repository as the source, and the
// fake GitHub API. Payloads are GitHub's documented examples adapted to the test repository.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import examples from '@octokit/webhooks-examples/api.github.com/index.json' with { type: 'json' };
import { Client, Connection } from '@temporalio/client';
import { planHash } from '../../src/runbook/plan-hash.js';
import { githubIntegration } from '../../src/server/github/integration.js';
import { PLAN_COMMENT_MARKER } from '../../src/server/github/plan-comment.js';
import { localCatalog } from '../../src/source/catalog.js';
import { installCheckRuns } from '../harness/fake-github/check-runs.js';
import { installComments } from '../harness/fake-github/comments.js';
import { type FakePullFile, installPulls } from '../harness/fake-github/pulls.js';
import { type FakeGithub, startFakeGithub } from '../harness/fake-github/server.js';
import { githubWebhookHeaders } from '../harness/fake-github/webhooks.js';
import { commitRepo } from '../harness/git-repo.js';
import { startTestServer, type TestServer } from '../harness/server.js';

const REPO = 'acme/runbooks';
const SECRET = 'new-webhook-secret';
const OLD_SECRET = 'old-webhook-secret';

const HELLO = `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: hello, owners: ["@ops"] }
spec:
  params:
    who: { type: string, default: world }
  steps:
    - id: greet
      run: [echo, "hello \${{ params.who }}"]
`;

// Line 9, column 13: `uses: nosuch.action` names no registered action (RB2003).
const BROKEN = `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: broken, owners: ["@ops"] }
spec:
  steps:
    - id: ok
      run: [echo, ok]
    - id: bad
      uses: nosuch.action
`;

const DEPLOY = `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: deploy-on-merge, owners: ["@ops"] }
spec:
  params:
    pr: { type: integer }
    env: { type: string, enum: [staging, prod], default: staging }
    labels: { type: string, default: "" }
  triggers:
    github:
      onMerge:
        branches: [main]
        paths: ["deploy/**"]
        params:
          pr: "\${{ github.pr.number }}"
          env: "\${{ 'prod' in github.pr.labels ? 'prod' : 'staging' }}"
          labels: "\${{ github.actor }}"
  steps:
    - id: roll
      run: [echo, "deploy \${{ params.env }} for PR \${{ params.pr }}"]
`;

let root: string;
let github: FakeGithub;
let comments: ReturnType<typeof installComments>;
let checkRuns: ReturnType<typeof installCheckRuns>;
let pulls: ReturnType<typeof installPulls>;
let server: TestServer;
let connection: Connection;
let nextPull = 1;

function git(...args: string[]): string {
  return execFileSync(
    'git',
    ['-C', root, '-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args],
    {
      encoding: 'utf8',
    },
  ).trim();
}

/** Commits `files` (undefined deletes) on a branch off main; returns the new sha. */
function commitOnBranch(branch: string, files: Record<string, string | undefined>): string {
  let exists = true;
  try {
    git('rev-parse', '--verify', '-q', `refs/heads/${branch}`);
  } catch {
    exists = false;
  }
  git('checkout', '-q', ...(exists ? [branch] : ['-b', branch, 'main']));
  for (const [path, text] of Object.entries(files)) {
    const abs = join(root, path);
    if (text === undefined) unlinkSync(abs);
    else {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, text);
    }
  }
  git('add', '-A');
  git('commit', '-qm', `change on ${branch}`);
  const sha = git('rev-parse', 'HEAD');
  git('checkout', '-q', 'main');
  return sha;
}

/** GitHub's documented `pull_request` example for `action`, pointed at the test repository. */
function pullRequestPayload(
  action: string,
  pull: { number: number; head: string; base: string; labels?: string[] },
) {
  // biome-ignore lint/suspicious/noExplicitAny: a documented payload, edited field by field
  type Payload = Record<string, any>;
  const example = (examples as Array<{ name: string; examples: Payload[] }>)
    .find((e) => e.name === 'pull_request')
    ?.examples.find((e) => e.action === action);
  assert.ok(example, `webhooks-examples has a pull_request ${action} example`);
  const payload = structuredClone(example);
  const repository = {
    ...payload.repository,
    name: 'runbooks',
    full_name: REPO,
    owner: { ...payload.repository.owner, login: 'acme' },
    default_branch: 'main',
  };
  payload.action = action;
  payload.number = pull.number;
  payload.repository = repository;
  payload.sender = { ...payload.sender, login: 'octocat' };
  payload.pull_request = {
    ...payload.pull_request,
    number: pull.number,
    labels: (pull.labels ?? []).map((name, i) => ({ id: i, name, color: 'ededed' })),
    head: {
      ...payload.pull_request.head,
      sha: pull.head,
      ref: `feature-${pull.number}`,
      repo: repository,
    },
    base: { ...payload.pull_request.base, sha: pull.base, ref: 'main', repo: repository },
  };
  return payload;
}

async function deliver(
  event: string,
  payload: unknown,
  options: { secret?: string; delivery?: string; signature?: string } = {},
): Promise<{ status: number; text: string }> {
  const body = JSON.stringify(payload);
  const headers = githubWebhookHeaders({
    event,
    body,
    secret: options.secret ?? SECRET,
    ...(options.delivery === undefined ? {} : { delivery: options.delivery }),
  });
  if (options.signature !== undefined) headers['x-hub-signature-256'] = options.signature;
  const response = await fetch(`${server.url}/github/webhooks`, { method: 'POST', headers, body });
  const text = await response.text();
  await server.background.drain(60_000);
  return { status: response.status, text };
}

function openPull(files: Record<string, string | undefined>, labels: string[] = []) {
  const number = nextPull++;
  const head = commitOnBranch(`feature-${number}`, files);
  const list: FakePullFile[] = Object.entries(files).map(([filename, text]) => ({
    filename,
    status: text === undefined ? 'removed' : 'added',
  }));
  const base = git('rev-parse', 'main');
  pulls.add({
    repo: REPO,
    number,
    headSha: head,
    headRef: `feature-${number}`,
    headRepo: REPO,
    baseRef: 'main',
    baseSha: base,
    files: list,
    labels,
    user: 'octocat',
  });
  return { number, head, base, files: list };
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'rr-ghpr-'));
  commitRepo(root, { 'runbooks/hello.yaml': HELLO, 'README.md': 'runbooks\n' });
  github = await startFakeGithub();
  comments = installComments(github);
  checkRuns = installCheckRuns(github);
  pulls = installPulls(github);
  // The PR check starts no run: a lazy connection that is never dialled is enough.
  connection = Connection.lazy({ address: '127.0.0.1:1' });
  server = await startTestServer({
    client: new Client({ connection }),
    address: '127.0.0.1:1',
    taskQueue: 'github-pr-tests',
    integrations: [githubIntegration],
    catalog: localCatalog(root),
    env: {
      GITHUB_WEBHOOK_SECRET: SECRET,
      GITHUB_WEBHOOK_SECRET_OLD: OLD_SECRET,
      GITHUB_REPOSITORY: REPO,
      GITHUB_TOKEN: 'ghp_fake',
      GITHUB_API_URL: github.url,
    },
  });
});

after(async () => {
  await server?.close();
  await connection?.close();
  await github?.close();
  rmSync(root, { recursive: true, force: true });
});

beforeEach(() => {
  github.calls.length = 0;
});

test('the GitHub integration is on and serves POST /github/webhooks for the configured repository', () => {
  assert.deepEqual(
    server.integrations.map((i) => i.name),
    ['github'],
  );
  assert.match(
    server.integrations[0]?.describe() ?? '',
    /\/github\/webhooks for acme\/runbooks \(2 webhook secrets/,
  );
});

test('a forged signature gets 401 and nothing is asked of GitHub', async () => {
  const pull = openPull({ 'runbooks/forged.yaml': BROKEN });
  const payload = pullRequestPayload('opened', pull);
  const forged = await deliver('pull_request', payload, { secret: 'not-the-secret' });
  assert.equal(forged.status, 401);
  const garbage = await deliver('pull_request', payload, { signature: 'sha256=deadbeef' });
  assert.equal(garbage.status, 401);
  assert.deepEqual(github.calls, []);
  assert.equal(checkRuns.forSha(REPO, pull.head).length, 0);
});

test('a delivery without its headers or with a body that is not JSON gets 400', async () => {
  const missing = await fetch(`${server.url}/github/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request' },
    body: '{}',
  });
  assert.equal(missing.status, 400);
  assert.match(await missing.text(), /missing header x-github-delivery/);
  const body = 'not json';
  const notJson = await fetch(`${server.url}/github/webhooks`, {
    method: 'POST',
    headers: githubWebhookHeaders({ event: 'pull_request', body, secret: SECRET }),
    body,
  });
  assert.equal(notJson.status, 400);
  assert.deepEqual(github.calls, []);
});

test('an event for another repository is refused and nothing is done', async () => {
  const pull = openPull({ 'runbooks/other.yaml': HELLO.replace('name: hello', 'name: other') });
  const payload = pullRequestPayload('opened', pull);
  payload.repository = { ...payload.repository, name: 'elsewhere', full_name: 'acme/elsewhere' };
  const answer = await deliver('pull_request', payload);
  assert.equal(answer.status, 403);
  assert.deepEqual(github.calls, []);
});

test('a PR touching an invalid runbook gets a failing check run annotated at the file, line and column', async () => {
  const pull = openPull({ 'runbooks/broken.yaml': BROKEN });
  const answer = await deliver('pull_request', pullRequestPayload('opened', pull), {
    secret: OLD_SECRET,
  });
  assert.equal(answer.status, 202, 'the old secret is accepted during a rotation');
  const runs = checkRuns.forSha(REPO, pull.head);
  assert.equal(runs.length, 1);
  const run = runs[0];
  assert.ok(run);
  assert.equal(run.name, 'runbook-runner / plan');
  assert.equal(run.conclusion, 'failure');
  assert.equal(run.external_id, pull.head);
  const annotation = run.annotations.find((a) => a.title === 'RB2003');
  assert.ok(annotation, `an RB2003 annotation among ${JSON.stringify(run.annotations)}`);
  assert.equal(annotation.path, 'runbooks/broken.yaml');
  assert.equal(annotation.start_line, 9);
  assert.equal(annotation.start_column, 13);
  assert.equal(annotation.annotation_level, 'failure');
  assert.match(annotation.message, /nosuch\.action/);
  assert.ok(
    run.annotations.every((a) => a.path === 'runbooks/broken.yaml'),
    'only the changed file is annotated',
  );

  const posted = comments.on(REPO, pull.number);
  assert.equal(posted.length, 1);
  assert.ok(posted[0]?.body.startsWith(PLAN_COMMENT_MARKER));
  assert.match(posted[0]?.body ?? '', /runbooks\/broken\.yaml/);
  assert.match(posted[0]?.body ?? '', /problem\(s\)/);
});

test('a redelivery does nothing; another delivery of the same push keeps one check run and one comment', async () => {
  const pull = openPull({ 'runbooks/greet.yaml': HELLO.replace('name: hello', 'name: greet') });
  const payload = pullRequestPayload('opened', pull);
  const first = await deliver('pull_request', payload, {
    delivery: 'aaaaaaaa-0000-4000-8000-000000000001',
  });
  assert.equal(first.status, 202);
  const callsAfterFirst = github.calls.length;
  const again = await deliver('pull_request', payload, {
    delivery: 'aaaaaaaa-0000-4000-8000-000000000001',
  });
  assert.equal(again.status, 200);
  assert.equal(again.text.trim(), 'duplicate');
  assert.equal(github.calls.length, callsAfterFirst, 'no GitHub call for a redelivery');
  // Another delivery of the same push (as after a restart): the same check run, the same comment.
  const other = await deliver('pull_request', payload);
  assert.equal(other.status, 202);
  assert.equal(checkRuns.forSha(REPO, pull.head).length, 1);
  const posted = comments.on(REPO, pull.number);
  assert.equal(posted.length, 1);
  assert.equal(posted[0]?.edits, 0, 'an identical comment is not rewritten');
  assert.equal(checkRuns.forSha(REPO, pull.head)[0]?.conclusion, 'success');
});

test('a second push updates the same comment in place and checks the new head', async () => {
  const pull = openPull({
    'runbooks/broken2.yaml': BROKEN.replace('name: broken', 'name: broken2'),
  });
  await deliver('pull_request', pullRequestPayload('opened', pull));
  assert.equal(checkRuns.forSha(REPO, pull.head)[0]?.conclusion, 'failure');
  const before = comments.on(REPO, pull.number);
  assert.equal(before.length, 1);
  const firstBody = before[0]?.body ?? '';

  const fixed = HELLO.replace('name: hello', 'name: broken2');
  const head2 = commitOnBranch(`feature-${pull.number}`, { 'runbooks/broken2.yaml': fixed });
  const fake = pulls.all.find((p) => p.number === pull.number);
  assert.ok(fake);
  fake.headSha = head2;
  await deliver('pull_request', pullRequestPayload('synchronize', { ...pull, head: head2 }));

  const after = comments.on(REPO, pull.number);
  assert.equal(after.length, 1, 'never a second comment');
  assert.equal(after[0]?.id, before[0]?.id);
  assert.equal(after[0]?.edits, 1, 'edited in place');
  assert.notEqual(after[0]?.body, firstBody);
  assert.match(after[0]?.body ?? '', new RegExp(head2.slice(0, 12)));
  assert.match(after[0]?.body ?? '', /Plan hash: `sha256:[0-9a-f]{64}`/);
  const newRuns = checkRuns.forSha(REPO, head2);
  assert.equal(newRuns.length, 1);
  assert.equal(newRuns[0]?.conclusion, 'success');
  assert.equal(newRuns[0]?.annotations.length, 0);
});

test('a PR touching no runbooks gets no check run and no comment', async () => {
  const pull = openPull({ 'docs/notes.md': 'notes\n' });
  const answer = await deliver('pull_request', pullRequestPayload('opened', pull));
  assert.equal(answer.status, 202);
  assert.equal(checkRuns.forSha(REPO, pull.head).length, 0);
  assert.equal(comments.on(REPO, pull.number).length, 0);
  assert.deepEqual(
    github.calls.map((c) => `${c.method} ${c.path}`),
    [`GET /repos/${REPO}/pulls/${pull.number}/files`],
  );
});

test('the changed files are read across every page of the files list', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 130; i++) files[`docs/page-${String(i).padStart(3, '0')}.md`] = `${i}\n`;
  files['runbooks/zz-last.yaml'] = HELLO.replace('name: hello', 'name: zz-last');
  const pull = openPull(files);
  await deliver('pull_request', pullRequestPayload('opened', pull));
  assert.equal(github.callsTo('GET', /\/pulls\/\d+\/files$/).length, 2);
  assert.equal(checkRuns.forSha(REPO, pull.head)[0]?.conclusion, 'success');
  assert.match(comments.on(REPO, pull.number)[0]?.body ?? '', /zz-last/);
});

test('a PR adding an onMerge runbook shows the run the merge would start, its params and its plan hash', async () => {
  const pull = openPull({ 'runbooks/deploy.yaml': DEPLOY, 'deploy/app.yaml': 'image: app:2\n' }, [
    'prod',
  ]);
  await deliver('pull_request', pullRequestPayload('opened', { ...pull, labels: ['prod'] }));
  assert.equal(checkRuns.forSha(REPO, pull.head)[0]?.conclusion, 'success');
  const body = comments.on(REPO, pull.number)[0]?.body ?? '';
  const loaded = await localCatalog(root).load('deploy-on-merge', pull.head);
  const params = { env: 'prod', labels: 'octocat', pr: pull.number };
  const expected = planHash({ ...loaded, params });
  const mergeSection = body.slice(body.indexOf('would start'));
  assert.match(mergeSection, /deploy-on-merge/);
  assert.ok(
    mergeSection.includes(`Params: \`{"env":"prod","labels":"octocat","pr":${pull.number}}\``),
    mergeSection,
  );
  assert.ok(mergeSection.includes(`Plan hash: \`${expected}\``), mergeSection);
  assert.match(mergeSection, new RegExp(`deploy prod for PR ${pull.number}`));
});

test('a PR that changes only a path an onMerge runbook watches is checked too', async () => {
  commitOnBranch('main', { 'runbooks/deploy.yaml': DEPLOY });
  const pull = openPull({ 'deploy/other.yaml': 'image: app:3\n' });
  await deliver('pull_request', pullRequestPayload('opened', pull));
  const body = comments.on(REPO, pull.number)[0]?.body ?? '';
  assert.match(
    body.slice(body.indexOf('would start')),
    /deploy-on-merge[\s\S]*Plan hash: `sha256:/,
  );
});
