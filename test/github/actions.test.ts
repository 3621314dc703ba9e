// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
// The github.* activities against the fake GitHub, through the real octokit (throttling, retry).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import {
  createGithubActivities,
  type GithubActivities,
  type GithubUndoRecord,
} from '../../src/activities/github/index.js';
import { createGithubAuth } from '../../src/integrations/github/auth.js';
import { installCheckRuns } from '../harness/fake-github/check-runs.js';
import { installComments } from '../harness/fake-github/comments.js';
import { installDeployments } from '../harness/fake-github/deployments.js';
import { installPullMerges } from '../harness/fake-github/pull-merges.js';
import { installReleases } from '../harness/fake-github/releases.js';
import { type FakeGithub, startFakeGithub } from '../harness/fake-github/server.js';
import { installStatuses } from '../harness/fake-github/statuses.js';
import { installWorkflows } from '../harness/fake-github/workflows.js';

const SHA = 'b'.repeat(40);
let github: FakeGithub;
let stores: {
  comments: ReturnType<typeof installComments>;
  checks: ReturnType<typeof installCheckRuns>;
  statuses: ReturnType<typeof installStatuses>;
  deployments: ReturnType<typeof installDeployments>;
  pulls: ReturnType<typeof installPullMerges>;
  releases: ReturnType<typeof installReleases>;
  workflows: ReturnType<typeof installWorkflows>;
};
let gh: GithubActivities;
const logged: string[] = [];

before(async () => {
  github = await startFakeGithub();
  stores = {
    comments: installComments(github),
    checks: installCheckRuns(github),
    statuses: installStatuses(github),
    deployments: installDeployments(github),
    pulls: installPullMerges(github),
    releases: installReleases(github),
    workflows: installWorkflows(github, { 'deploy.yml': ['version', 'dry_run'] }),
  };
  const env = { GITHUB_API_URL: github.url, GITHUB_TOKEN: 'ghp_fake' };
  gh = createGithubActivities({
    env,
    auth: createGithubAuth(env, { log: (line) => logged.push(line) }),
  });
});
after(() => github.close());

/** The failure an activity threw, checked to be an ApplicationFailure. */
async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApplicationFailure, String(error));
    return error;
  }
  assert.fail('expected the activity to fail');
}

describe('github.comment', () => {
  it('posts a comment, its body as a JSON field whatever it holds', async () => {
    const body = '../../../user ?x=1 #frag ${{ not an expression }}';
    const { outputs } = await gh.githubComment({ repository: 'acme/web', issue: '5', body });
    assert.equal(outputs.created, true);
    assert.match(String(outputs.url), /^https:\/\/github\.com\/acme\/web\/issues\/5#issuecomment-/);
    assert.equal(stores.comments.on('acme/web', 5)[0]?.body, body);
    assert.deepEqual(
      github.callsTo('POST', /comments$/).map((c) => c.path),
      ['/repos/acme/web/issues/5/comments'],
    );
  });

  it('keeps one sticky comment per marker, edited in place', async () => {
    const first = await gh.githubComment({
      repository: 'acme/web',
      issue: 6,
      body: 'plan v1',
      marker: 'plan',
    });
    const second = await gh.githubComment({
      repository: 'acme/web',
      issue: 6,
      body: 'plan v2',
      marker: 'plan',
    });
    assert.equal(second.outputs.id, first.outputs.id);
    assert.equal(second.outputs.created, false);
    const on6 = stores.comments.on('acme/web', 6);
    assert.equal(on6.length, 1);
    assert.equal(on6[0]?.body, 'plan v2\n\n<!-- runbook-runner:sticky:plan -->');
    assert.equal(on6[0]?.edits, 1);
  });

  it('edits a comment by id', async () => {
    const { outputs } = await gh.githubComment({ repository: 'acme/web', issue: 7, body: 'a' });
    await gh.githubComment({ repository: 'acme/web', issue: 7, body: 'b', update: outputs.id });
    assert.deepEqual(
      stores.comments.on('acme/web', 7).map((c) => c.body),
      ['b'],
    );
  });

  it('refuses a rendered repository that leaves owner/name, before any request', async () => {
    const before = github.calls.length;
    const failure = await failureOf(
      gh.githubComment({ repository: 'acme/../../orgs/x', issue: 1, body: 'x' }),
    );
    assert.equal(failure.type, 'GithubInvalidInput');
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /with\.repository: .*is not owner\/name/);
    assert.equal(github.calls.length, before);
  });
});

describe('github.commitStatus', () => {
  it('sets the status of a commit for its context', async () => {
    const { outputs } = await gh.githubCommitStatus({
      repository: 'acme/web',
      sha: SHA,
      state: 'success',
      context: 'runbook/deploy',
      targetUrl: 'https://runs.example/1',
    });
    assert.equal(outputs.state, 'success');
    assert.equal(typeof outputs.id, 'number');
    assert.deepEqual(stores.statuses.latest('acme/web', SHA), { 'runbook/deploy': 'success' });
  });
});

describe('github.checkRun', () => {
  it('creates a check run with 120 annotations, sent 50 per request', async () => {
    const annotations = Array.from({ length: 120 }, (_, i) => ({
      path: 'runbooks/x.yaml',
      startLine: i + 1,
      startColumn: 3,
      endColumn: 9,
      message: `problem ${i + 1}`,
    }));
    const { outputs } = await gh.githubCheckRun({
      repository: 'acme/web',
      name: 'runbooks',
      headSha: SHA,
      conclusion: 'failure',
      title: '120 problems',
      summary: 'see the annotations',
      annotations,
    });
    const run = stores.checks.forSha('acme/web', SHA)[0];
    assert.equal(run?.annotations.length, 120);
    assert.equal(run?.annotations[119]?.start_line, 120);
    assert.equal(run?.annotations[0]?.start_column, 3);
    assert.equal(run?.conclusion, 'failure');
    assert.equal(outputs.id, run?.id);
    assert.equal(outputs.annotations, 120);
    assert.equal(github.callsTo('PATCH', /check-runs\/\d+$/).length, 2);
  });

  it('updates a check run by id', async () => {
    const created = await gh.githubCheckRun({
      repository: 'acme/web',
      name: 'deploy',
      headSha: 'c'.repeat(40),
      status: 'in_progress',
    });
    const { outputs } = await gh.githubCheckRun({
      repository: 'acme/web',
      id: String(created.outputs.id),
      conclusion: 'success',
    });
    assert.equal(outputs.status, 'completed');
    assert.equal(outputs.conclusion, 'success');
  });
});

describe('github.deployment and github.deploymentStatus', () => {
  it('creates a deployment with its first status, and its undo marks it failed', async () => {
    const result = await gh.githubDeployment({
      repository: 'acme/web',
      ref: 'v1.2.3',
      environment: 'staging',
      environmentUrl: 'https://staging.example',
    });
    const id = Number(result.outputs.id);
    const created = stores.deployments.all.find((d) => d.id === id);
    assert.equal(created?.environment, 'staging');
    assert.equal(created?.auto_merge, false, 'no merge of the default branch behind our back');
    assert.deepEqual(stores.deployments.states(id), ['in_progress']);
    assert.equal(result.outputs.state, 'in_progress');
    assert.deepEqual(result.undo, {
      version: 1,
      action: 'deployment',
      repository: 'acme/web',
      deploymentId: id,
      environment: 'staging',
      state: 'failure',
    });

    const undone = await gh.githubUndo(result.undo as GithubUndoRecord);
    assert.deepEqual(undone.outputs, { action: 'deployment', id, state: 'failure', marked: true });
    assert.deepEqual(stores.deployments.states(id), ['in_progress', 'failure']);
  });

  it('undo of a deployment that is gone is done, not an error', async () => {
    const undone = await gh.githubUndo({
      version: 1,
      action: 'deployment',
      repository: 'acme/web',
      deploymentId: 999_999,
      environment: 'production',
      state: 'inactive',
    });
    assert.equal(undone.outputs.marked, false);
  });

  it('adds a status to a deployment', async () => {
    const { outputs } = await gh.githubDeployment({ repository: 'acme/web', ref: 'main' });
    await gh.githubDeploymentStatus({
      repository: 'acme/web',
      deploymentId: outputs.id,
      state: 'success',
    });
    assert.deepEqual(stores.deployments.states(Number(outputs.id)), ['in_progress', 'success']);
  });
});

describe('github.createPullRequest and github.mergePullRequest', () => {
  it('opens a pull request and merges it only at the reviewed head', async () => {
    const { outputs } = await gh.githubCreatePullRequest({
      repository: 'acme/web',
      head: 'release/1.2',
      base: 'main',
      title: 'Release 1.2 / "quoted" & slashed',
    });
    assert.equal(outputs.number, 1);
    assert.equal(outputs.url, 'https://github.com/acme/web/pull/1');
    assert.equal(outputs.state, 'open');

    const moved = await failureOf(
      gh.githubMergePullRequest({ repository: 'acme/web', number: 1, sha: 'd'.repeat(40) }),
    );
    assert.equal(moved.type, 'GithubConflict');
    assert.equal(moved.nonRetryable, true);
    assert.match(moved.message, /Head branch was modified/);
    assert.equal(stores.pulls.get('acme/web', 1)?.merged, false);

    const merged = await gh.githubMergePullRequest({
      repository: 'acme/web',
      number: 1,
      method: 'squash',
      sha: String(outputs.headSha),
    });
    assert.equal(merged.outputs.merged, true);
    assert.equal(stores.pulls.get('acme/web', 1)?.mergeMethod, 'squash');
    const again = await failureOf(gh.githubMergePullRequest({ repository: 'acme/web', number: 1 }));
    assert.match(again.message, /not mergeable/);
  });
});

describe('github.createRelease', () => {
  it('creates a release with generated notes; its undo deletes it; a second one is a 422', async () => {
    const result = await gh.githubCreateRelease({
      repository: 'acme/web',
      tag: 'v2.0.0',
      target: 'main',
      generateNotes: true,
    });
    assert.equal(result.outputs.tag, 'v2.0.0');
    assert.equal(result.outputs.url, 'https://github.com/acme/web/releases/tag/v2.0.0');
    assert.match(stores.releases.byTag('acme/web', 'v2.0.0')?.body ?? '', /What's Changed/);

    const duplicate = await failureOf(
      gh.githubCreateRelease({ repository: 'acme/web', tag: 'v2.0.0' }),
    );
    assert.equal(duplicate.type, 'GithubValidationFailed');
    assert.equal(duplicate.nonRetryable, true);
    assert.match(duplicate.message, /create release v2\.0\.0.*Release tag_name already_exists/);
    assert.equal(github.callsTo('POST', /releases$/).length, 2, 'a 422 is not retried');

    const undone = await gh.githubUndo(result.undo as GithubUndoRecord);
    assert.equal(undone.outputs.deleted, true);
    assert.equal(stores.releases.byTag('acme/web', 'v2.0.0'), undefined);
  });
});

describe('github.dispatchWorkflow', () => {
  it('dispatches a workflow with its inputs as strings', async () => {
    const { outputs } = await gh.githubDispatchWorkflow({
      repository: 'acme/web',
      workflow: 'deploy.yml',
      ref: 'main',
      inputs: { version: '1.2.3', dry_run: true },
    });
    assert.deepEqual(outputs, { workflow: 'deploy.yml', ref: 'main', dispatched: true });
    assert.deepEqual(stores.workflows.dispatches.at(-1)?.inputs, {
      version: '1.2.3',
      dry_run: 'true',
    });
  });

  it('an input the workflow does not declare is a 422, not retried, saying which', async () => {
    const failure = await failureOf(
      gh.githubDispatchWorkflow({
        repository: 'acme/web',
        workflow: 'deploy.yml',
        ref: 'main',
        inputs: { colour: 'red' },
      }),
    );
    assert.equal(failure.type, 'GithubValidationFailed');
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /Unexpected inputs provided: \["colour"\]/);
  });
});

describe('GitHub errors and limits', () => {
  it('a 404 is not retried and says what to check', async () => {
    const failure = await failureOf(
      gh.githubDeploymentStatus({ repository: 'acme/web', deploymentId: 424242, state: 'success' }),
    );
    assert.equal(failure.type, 'GithubNotFound');
    assert.equal(failure.nonRetryable, true);
    assert.match(
      failure.message,
      /^github\.deploymentStatus on acme\/web: .*Check acme\/web and deployment 424242/,
    );
    assert.match(failure.message, /deployments: write/);
  });

  it('a 403 names the permission the App needs', async () => {
    github.failNext('POST', /\/statuses\//, [
      403,
      { message: 'Resource not accessible by integration' },
    ]);
    const failure = await failureOf(
      gh.githubCommitStatus({ repository: 'acme/web', sha: SHA, state: 'pending' }),
    );
    assert.equal(failure.type, 'GithubForbidden');
    assert.equal(failure.nonRetryable, true);
    assert.match(
      failure.message,
      /"statuses: write" permission on acme\/web.*Resource not accessible/,
    );
  });

  it('waits out a secondary rate limit (429 with Retry-After), then succeeds', async () => {
    github.failNext('POST', /\/issues\/8\/comments$/, [
      429,
      { message: 'You have exceeded a secondary rate limit. Please wait a few minutes.' },
      { 'retry-after': '1' },
    ]);
    const { outputs } = await gh.githubComment({ repository: 'acme/web', issue: 8, body: 'x' });
    assert.equal(outputs.created, true);
    assert.equal(github.callsTo('POST', /\/issues\/8\/comments$/).length, 2);
    assert.ok(
      logged.some((line) => /secondary rate limit on POST .*: retry 1 in 1s/.test(line)),
      logged.join('\n'),
    );
  });

  it('retries a 502 inside octokit and succeeds', async () => {
    github.failNext('POST', /\/issues\/9\/comments$/, [502, { message: 'Bad Gateway' }]);
    await gh.githubComment({ repository: 'acme/web', issue: 9, body: 'x' });
    assert.equal(github.callsTo('POST', /\/issues\/9\/comments$/).length, 2);
  });

  it('without settings, a GitHub step fails for good naming GITHUB_TOKEN', async () => {
    const unconfigured = createGithubActivities({ env: { GITHUB_API_URL: github.url } });
    const failure = await failureOf(
      unconfigured.githubComment({ repository: 'acme/web', issue: 1, body: 'x' }),
    );
    assert.equal(failure.type, 'GithubNotConfigured');
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /GitHub is not configured: set GITHUB_TOKEN, or GITHUB_APP_ID/);
  });

  it('a token GitHub refuses is a 401, not retried, and the token is never shown', async () => {
    const env = { GITHUB_API_URL: github.url, GITHUB_TOKEN: 'ghp_revoked-secret-value' };
    const failure = await failureOf(
      createGithubActivities({ env }).githubComment({
        repository: 'acme/web',
        issue: 1,
        body: 'x',
      }),
    );
    assert.equal(failure.type, 'GithubUnauthorized');
    assert.ok(!JSON.stringify([failure.message, failure.details]).includes('revoked-secret'));
  });
});
