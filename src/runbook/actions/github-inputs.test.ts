// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CheckRunInput,
  CommentInput,
  CommitStatusInput,
  CreateReleaseInput,
  DeploymentInput,
  DispatchWorkflowInput,
  findAction,
  GITHUB_ACTION_DEFINITIONS,
  GITHUB_UNDO_ACTIVITY,
  lookupAction,
  MergePullRequestInput,
  Repository,
} from './index.js';

const SHA = 'a'.repeat(40);
const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  (result.error?.issues ?? []).map((issue) => issue.message);

describe('the github.* actions in the registry', () => {
  it('are available, run their activity, and only deployment and createRelease have an undo', () => {
    assert.deepEqual(
      GITHUB_ACTION_DEFINITIONS.map((a) => a.name),
      [
        'github.comment',
        'github.commitStatus',
        'github.checkRun',
        'github.deployment',
        'github.deploymentStatus',
        'github.createPullRequest',
        'github.mergePullRequest',
        'github.createRelease',
        'github.dispatchWorkflow',
      ],
    );
    for (const action of GITHUB_ACTION_DEFINITIONS) {
      assert.equal(lookupAction(action.name).kind, 'available', action.name);
    }
    assert.deepEqual(findAction('github.deployment')?.undo, { activity: GITHUB_UNDO_ACTIVITY });
    assert.deepEqual(findAction('github.createRelease')?.undo, { activity: GITHUB_UNDO_ACTIVITY });
    assert.equal(findAction('github.comment')?.undo, undefined);
    assert.deepEqual(lookupAction('github.comennt'), {
      kind: 'unknown',
      suggestion: 'github.comment',
    });
  });
});

describe('repository: owner/name', () => {
  it('accepts owner/name, dotted names included', () => {
    for (const ok of ['acme/web', 'acme/.github', 'a-b/c.d_e', 'acme/..x']) {
      assert.ok(Repository.safeParse(ok).success, ok);
    }
  });

  it('refuses anything that would reach another path, host or query', () => {
    for (const bad of [
      'acme',
      'acme/web/issues',
      'acme/..',
      'acme/.',
      '../web',
      'acme/web?x=1',
      'acme/web#x',
      'acme/we b',
      'acme%2Fweb',
      '-acme/web',
      'acme/web\n',
      'https://github.com/acme/web',
    ]) {
      assert.equal(Repository.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });
});

describe('github.* with: schemas', () => {
  it('comment: an issue number or its digits, a body, and update or marker but not both', () => {
    assert.ok(CommentInput.safeParse({ repository: 'a/b', issue: 3, body: 'x' }).success);
    assert.ok(CommentInput.safeParse({ repository: 'a/b', issue: '3', body: 'x' }).success);
    assert.equal(
      CommentInput.safeParse({ repository: 'a/b', issue: 'three', body: 'x' }).success,
      false,
    );
    assert.equal(CommentInput.safeParse({ repository: 'a/b', issue: 0, body: 'x' }).success, false);
    assert.equal(CommentInput.safeParse({ repository: 'a/b', issue: 3, body: '' }).success, false);
    const both = CommentInput.safeParse({
      repository: 'a/b',
      issue: 3,
      body: 'x',
      update: 9,
      marker: 'plan',
    });
    assert.deepEqual(messages(both), [
      'give update (a comment id) or marker (a sticky comment), not both',
    ]);
    assert.equal(
      CommentInput.safeParse({ repository: 'a/b', issue: 3, body: 'x', marker: 'a -->' }).success,
      false,
      'a marker cannot close the HTML comment it lives in',
    );
  });

  it('commitStatus: a full SHA, a known state, runbook-runner as the default context', () => {
    const parsed = CommitStatusInput.parse({ repository: 'a/b', sha: SHA, state: 'success' });
    assert.equal(parsed.context, 'runbook-runner');
    assert.equal(
      CommitStatusInput.safeParse({ repository: 'a/b', sha: 'abc123', state: 'success' }).success,
      false,
    );
    assert.equal(
      CommitStatusInput.safeParse({ repository: 'a/b', sha: SHA, state: 'done' }).success,
      false,
    );
    assert.equal(
      CommitStatusInput.safeParse({
        repository: 'a/b',
        sha: SHA,
        state: 'success',
        targetUrl: 'javascript:alert(1)',
      }).success,
      false,
    );
  });

  it('checkRun: name and headSha to create, id to update; annotations need title and summary', () => {
    assert.ok(CheckRunInput.safeParse({ repository: 'a/b', name: 'n', headSha: SHA }).success);
    assert.ok(CheckRunInput.safeParse({ repository: 'a/b', id: 5, conclusion: 'success' }).success);
    assert.deepEqual(messages(CheckRunInput.safeParse({ repository: 'a/b', name: 'n' })), [
      'give name and headSha to create a check run, or id to update one',
    ]);
    const annotation = { path: 'x.yaml', startLine: 3, message: 'bad' };
    assert.deepEqual(
      messages(CheckRunInput.safeParse({ repository: 'a/b', id: 5, annotations: [annotation] })),
      ['title and summary go together, and text or annotations need both'],
    );
    const parsed = CheckRunInput.parse({
      repository: 'a/b',
      id: 5,
      title: 't',
      summary: 's',
      annotations: [annotation],
    });
    assert.equal(parsed.annotations?.[0]?.level, 'failure');
  });

  it('deployment: defaults to production, no auto-merge, in_progress, undo to failure', () => {
    const parsed = DeploymentInput.parse({ repository: 'a/b', ref: 'v1.2.3' });
    assert.equal(parsed.environment, 'production');
    assert.equal(parsed.autoMerge, false);
    assert.equal(parsed.state, 'in_progress');
    assert.equal(parsed.undoState, 'failure');
    for (const ref of ['', '-x', 'a..b', 'a b', 'refs//x', 'a\nb']) {
      assert.equal(DeploymentInput.safeParse({ repository: 'a/b', ref }).success, false, ref);
    }
  });

  it('mergePullRequest: merge by default; sha must be a full SHA', () => {
    assert.equal(MergePullRequestInput.parse({ repository: 'a/b', number: 7 }).method, 'merge');
    assert.equal(
      MergePullRequestInput.safeParse({ repository: 'a/b', number: 7, method: 'fast-forward' })
        .success,
      false,
    );
    assert.equal(
      MergePullRequestInput.safeParse({ repository: 'a/b', number: 7, sha: 'main' }).success,
      false,
    );
  });

  it('createRelease: a tag, not a draft nor prerelease unless asked', () => {
    const parsed = CreateReleaseInput.parse({ repository: 'a/b', tag: 'v1.0.0' });
    assert.deepEqual(
      [parsed.draft, parsed.prerelease, parsed.generateNotes],
      [false, false, false],
    );
  });

  it('dispatchWorkflow: a workflow file name or id, scalar inputs, at most 25', () => {
    for (const workflow of ['deploy.yml', 'ci.yaml', 42, '42']) {
      assert.ok(
        DispatchWorkflowInput.safeParse({ repository: 'a/b', workflow, ref: 'main' }).success,
        String(workflow),
      );
    }
    for (const workflow of ['../x.yml', 'deploy', '.github/workflows/deploy.yml']) {
      assert.equal(
        DispatchWorkflowInput.safeParse({ repository: 'a/b', workflow, ref: 'main' }).success,
        false,
        workflow,
      );
    }
    const many = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`k${i}`, 'v']));
    assert.deepEqual(
      messages(
        DispatchWorkflowInput.safeParse({
          repository: 'a/b',
          workflow: 'd.yml',
          ref: 'main',
          inputs: many,
        }),
      ),
      ['at most 25 inputs (GitHub’s limit)'],
    );
    assert.equal(
      DispatchWorkflowInput.safeParse({
        repository: 'a/b',
        workflow: 'd.yml',
        ref: 'main',
        inputs: { nested: { a: 1 } },
      }).success,
      false,
    );
  });
});

describe('runbook validation of github.* steps', () => {
  it('reports a bad with: at the value, file:line:col, and accepts expressions', async () => {
    const { parseRunbook } = await import('../parse.js');
    const text = [
      'apiVersion: runbook-runner/v1',
      'kind: Runbook',
      'metadata: { name: gh }',
      'spec:',
      '  params:',
      '    pr: { type: string }',
      '  steps:',
      '    - id: note',
      '      uses: github.comment',
      '      with:',
      '        repository: acme/../web',
      '        issue: "${{ params.pr }}"',
      '        body: hello',
      '    - id: deploy',
      '      uses: github.deployment',
      '      with: { repository: acme/web, ref: main, enviroment: prod }',
      '',
    ].join('\n');
    const result = parseRunbook(text, 'runbooks/gh.yaml');
    const found = result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`);
    assert.equal(found.length, 2, found.join('\n'));
    assert.match(found[0] ?? '', /^RB2004 11:21 .*not owner\/name/);
    assert.match(found[1] ?? '', /^RB2004 16:48 unknown key "enviroment"/);
  });
});
