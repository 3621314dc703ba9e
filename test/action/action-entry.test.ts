// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
// The GitHub Action's committed bundle, run the way the Actions runner runs it: `node
// dist/action/index.js` with INPUT_* variables, $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY files,
// GITHUB_ACTOR and a real git checkout as GITHUB_WORKSPACE, against a dev server and a worker.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { trackChild } from '../../src/testing/child-processes.js';
import { useDevServer } from '../harness/dev-server.js';
import { createGitOrigin } from '../harness/git-origin.js';
import { commitRepo } from '../harness/git-repo.js';
import {
  connectTo,
  startTestWorker,
  type TemporalAccess,
  type TestWorker,
} from '../harness/worker.js';

const bundle = fileURLToPath(new URL('../../dist/action/index.js', import.meta.url));
/** How long one action process may take (a short run on a warm worker takes seconds). */
const ACTION_MS = 180_000;

const PEOPLE = `apiVersion: runbook-runner/v1
kind: People
people:
  octo: { github: [octocat] }
`;

function release(version: string): string {
  return `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: release }
spec:
  access: { people: [octo] }
  params:
    version: { type: string, pattern: '^v\\d+\\.\\d+\\.\\d+$' }
    replicas: { type: integer, default: 1 }
  steps:
    - id: build
      shell: bash
      run: echo "artifact=app-$VERSION-$REPLICAS.tgz" >> "$RUNBOOK_OUTPUT"
      env: { VERSION: "\${{ params.version }}", REPLICAS: "\${{ params.replicas }}" }
    - id: stamp
      run: [cat, stamp.txt]
      outputs: { stamp: "${version}" }
`;
}

const GATED = `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: gated }
spec:
  steps:
    - id: approve
      uses: approval
      with: { message: "Go?", approvers: { people: [octo] }, timeout: 1h }
`;

const MIGRATE = `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: migrate }
spec:
  steps:
    - id: migrate
      run: [echo, migrated]
      rollback: { run: [echo, reverted] }
    - id: smoke
      shell: bash
      run: |
        echo "::error::forged by the step"
        echo "3 of 20 requests returned 500" >&2
        exit 1
      retry: { maxAttempts: 1 }
`;

interface ActionResult {
  readonly code: number | null;
  readonly log: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

/** Parses `$GITHUB_OUTPUT`: `name<<delimiter`, the value's lines, the delimiter. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '');
    if (match === null) continue;
    const [, name = '', delimiter] = match;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
    outputs[name] = value.join('\n');
  }
  return outputs;
}

describe('the GitHub Action entry (dist/action/index.js)', () => {
  const server = useDevServer({ prefix: 'rr-action-' });
  let temporal: TemporalAccess & { close(): Promise<void> };
  let w: TestWorker;
  let workspace: string;
  let firstCommit: string;
  let running: Promise<void>;

  before(async () => {
    workspace = commitRepo(mkdtempSync(join(tmpdir(), 'rr-action-ws-')), {
      'runbooks/people.yaml': PEOPLE,
      'runbooks/release.yaml': release('one'),
      'runbooks/stamp.txt': 'first\n',
      'runbooks/migrate.yaml': MIGRATE,
      'runbooks/gated.yaml': GATED,
    });
    firstCommit = execFileSync('git', ['-C', workspace, 'rev-parse', 'HEAD'], {
      encoding: 'utf8',
    }).trim();
    // A second commit on main, so that `ref` can ask for the first.
    writeFileSync(join(workspace, 'runbooks/release.yaml'), release('two'));
    execFileSync(
      'git',
      ['-C', workspace, 'commit', '-qam', 'two', '--author', 't <t@example.invalid>'],
      {
        env: { ...process.env, GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' },
      },
    );
    temporal = await connectTo(server.address);
    w = await startTestWorker(temporal);
    running = w.worker.run();
  });
  after(async () => {
    w?.worker.shutdown();
    await running;
    await temporal?.close();
  });

  async function runEntry(
    inputs: Record<string, string>,
    actor = 'octocat',
    extraEnv: NodeJS.ProcessEnv = {},
  ): Promise<ActionResult> {
    const files = mkdtempSync(join(tmpdir(), 'rr-action-files-'));
    const outputFile = join(files, 'output');
    const summaryFile = join(files, 'summary');
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTOR: actor,
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '1',
      'INPUT_TEMPORAL-ADDRESS': server.address,
      'INPUT_TASK-QUEUE': w.taskQueue,
      INPUT_WAIT: 'true',
      ...extraEnv,
    };
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
    const child = spawn(process.execPath, [bundle], {
      cwd: workspace,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    trackChild(child);
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => {
      log += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the action did not exit within ${ACTION_MS} ms:\n${log}`));
      }, ACTION_MS);
      child.once('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    return {
      code,
      log,
      outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
      summary: readFileSync(summaryFile, 'utf8'),
    };
  }

  async function runIds(): Promise<string[]> {
    const ids: string[] = [];
    for await (const run of temporal.client.workflow.list()) ids.push(run.workflowId);
    return ids.sort();
  }

  it('with RUNBOOK_REPO, reads the runbook from the source repository and pins its clone URL', async () => {
    // The runner's workspace holds a different release.yaml: the origin's must win.
    const origin = createGitOrigin({
      'runbooks/people.yaml': PEOPLE,
      'runbooks/release.yaml': release('origin'),
      'runbooks/stamp.txt': 'origin\n',
    });
    const home = mkdtempSync(join(tmpdir(), 'rr-action-home-'));
    const result = await runEntry({ runbook: 'release', params: 'version: v2.0.0\n' }, 'octocat', {
      RUNBOOK_REPO: origin.url,
      RUNBOOK_HOME: home,
    });
    assert.equal(result.code, 0, result.log);
    assert.deepEqual(JSON.parse(result.outputs.outputs ?? ''), {
      build: { artifact: 'app-v2.0.0-1.tgz' },
      stamp: { stamp: 'origin' },
    });
    const runId = result.outputs['run-id'] ?? '';
    const [input] =
      (await temporal.client.workflow.getHandle(runId).fetchHistory()).events?.[0]
        ?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    const started = JSON.parse(Buffer.from(input?.data ?? new Uint8Array()).toString('utf8')) as {
      source: { repo: string; commit: string };
    };
    assert.equal(started.source.repo, origin.url, 'a clone URL any worker can fetch');
    assert.match(started.source.commit, /^[0-9a-f]{40}$/);
  });

  it('runs a runbook to Succeeded as github:<actor>: exit 0, outputs set, step table in the summary', async () => {
    const result = await runEntry({
      runbook: 'release',
      params: 'version: v1.2.3\nreplicas: 3\n',
    });
    assert.equal(result.code, 0, result.log);
    const runId = result.outputs['run-id'] ?? '';
    assert.match(runId, /^release-gh4242-1-[0-9a-f]{6}$/);
    assert.equal(result.outputs.status, 'Succeeded');
    assert.deepEqual(JSON.parse(result.outputs.outputs ?? ''), {
      build: { artifact: 'app-v1.2.3-3.tgz' },
      stamp: { stamp: 'two' },
    });
    // One line per step state change in the job log.
    assert.match(
      result.log,
      new RegExp(`started ${runId} \\(release @ [0-9a-f]{12}\\) as github:octocat`),
    );
    assert.match(result.log, /^ {2}build: Running$/m);
    assert.match(result.log, /^ {2}build: Succeeded \(\d+\.\ds\)$/m);
    assert.match(result.log, /^ {2}stamp: Succeeded/m);
    assert.match(result.log, /^release: Succeeded/m);
    assert.match(result.summary, /^### release: Succeeded$/m);
    assert.match(result.summary, /started by github:octocat/);
    assert.match(result.summary, /^\| Step \| Status \| Attempts \| Time \| Detail \|$/m);
    assert.match(result.summary, /^\| build \| ✅ Succeeded \| 1 \| \d+\.\ds \|/m);
    assert.match(result.summary, /^\| stamp \| ✅ Succeeded \| 1 \|/m);
    // The run records who started it and how.
    const description = await temporal.client.workflow.getHandle(runId).describe();
    assert.equal(description.status.name, 'COMPLETED');
    const [input] =
      (await temporal.client.workflow.getHandle(runId).fetchHistory()).events?.[0]
        ?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    const started = JSON.parse(Buffer.from(input?.data ?? new Uint8Array()).toString('utf8')) as {
      trigger: unknown;
      params: unknown;
    };
    assert.deepEqual(started.trigger, { kind: 'github', actor: 'github:octocat' });
    assert.deepEqual(started.params, { version: 'v1.2.3', replicas: 3 });
  });

  it("exits non-zero with status RolledBack when the run is rolled back, the failed step's output in a group", async () => {
    const result = await runEntry({ runbook: 'runbooks/migrate.yaml' });
    assert.equal(result.code, 1, result.log);
    assert.equal(result.outputs.status, 'RolledBack');
    assert.match(result.outputs['run-id'] ?? '', /^migrate-gh4242-1-/);
    assert.deepEqual(JSON.parse(result.outputs.outputs ?? ''), { migrate: {} });
    assert.match(
      result.log,
      /^::error title=RB8087::runbook migrate run migrate-\S+ ended RolledBack/m,
    );
    assert.match(result.log, /^ {2}smoke: Failed/m);
    assert.match(result.log, /^ {2}migrate: RolledBack/m);
    // The failed step's output tail, in a group, printed so that its `::` lines are not commands.
    const group =
      /^::group::smoke failed: .*\n::stop-commands::(\S+)\n([\s\S]*?)\n::\1::\n::endgroup::$/m.exec(
        result.log,
      );
    assert.ok(group, result.log);
    assert.match(group[2] ?? '', /^::error::forged by the step$/m);
    assert.match(group[2] ?? '', /^3 of 20 requests returned 500$/m);
    assert.match(result.summary, /^### migrate: RolledBack$/m);
    assert.match(result.summary, /^\| migrate \| ↩️ RolledBack \|/m);
    assert.match(result.summary, /^\| smoke \| ❌ Failed \|/m);
  });

  it('fails the job with RB8088 when the timeout passes, and leaves the run running', async () => {
    const result = await runEntry({ runbook: 'gated', timeout: '3s' });
    assert.equal(result.code, 1, result.log);
    const runId = result.outputs['run-id'] ?? '';
    assert.equal(result.outputs.status, 'WaitingApproval');
    assert.match(result.log, /^ {2}approve: WaitingApproval \(waiting for 1 approval\(s\)\)$/m);
    assert.match(
      result.log,
      new RegExp(
        `^::error title=RB8088::The timeout of 3s passed while the run was WaitingApproval; the run was left running \\(runbook status ${runId}; runbook cancel ${runId} stops it\\).$`,
        'm',
      ),
    );
    assert.match(result.summary, /^### gated: WaitingApproval$/m);
    const handle = temporal.client.workflow.getHandle(runId);
    assert.equal((await handle.describe()).status.name, 'RUNNING');
    await handle.terminate('test cleanup');
  });

  it('refuses params that are not a YAML mapping of scalars with RB8082, and starts nothing', async () => {
    const before = await runIds();
    for (const params of ['version: [v1, v2]', 'version: &a v1.2.3\nother: *a', '- v1.2.3']) {
      const result = await runEntry({ runbook: 'release', params });
      assert.equal(result.code, 1, result.log);
      assert.match(result.log, /^::error title=RB8082::params \(line \d+, column \d+\): /m);
      assert.match(result.log, /give params as a YAML mapping of name to one scalar value/);
      assert.doesNotMatch(result.log, /started /);
      assert.deepEqual(result.outputs, {});
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(await runIds(), before);
  });

  it('refuses an actor whom spec.access does not list (RB8085), and starts nothing', async () => {
    const result = await runEntry({ runbook: 'release', params: 'version: v1.2.3' }, 'mallory');
    assert.equal(result.code, 1, result.log);
    assert.match(
      result.log,
      /^::error title=RB8085::github:mallory may not start runbook "release"; spec.access allows: .*octo.*; nothing was started$/m,
    );
    assert.doesNotMatch(result.log, /started /);
  });

  it('runs the runbook as it is at `ref`, checked out apart from the workspace', async () => {
    const result = await runEntry({
      runbook: 'release',
      params: 'version: v2.0.0',
      ref: firstCommit,
    });
    assert.equal(result.code, 0, result.log);
    assert.match(result.log, new RegExp(`ref ${firstCommit} is commit ${firstCommit}`));
    assert.equal(JSON.parse(result.outputs.outputs ?? '').stamp.stamp, 'one');
    // The temporary worktree is gone (the worker's checkouts of the commits are its own).
    const worktrees = execFileSync('git', ['-C', workspace, 'worktree', 'list'], {
      encoding: 'utf8',
    });
    assert.doesNotMatch(worktrees, /runbook-ref-/);
  });
});
