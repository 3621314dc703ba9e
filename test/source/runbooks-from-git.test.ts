import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sourceSettings } from '../../src/source/settings.js';
import { runbookWorkflow } from '../../src/workflows/runbook-workflow.js';
import type { RunbookRunResult } from '../../src/workflows/types.js';
import { runCli } from '../harness/cli.js';
import { useDevServer } from '../harness/dev-server.js';
import { startGitHttpServer } from '../harness/git-http-server.js';
import { createGitOrigin, type GitOrigin } from '../harness/git-origin.js';
import { definitionFrom, rejectionOf, resultOf, runId } from '../harness/runs.js';
import { connectTo, startTestWorker, type TemporalAccess } from '../harness/worker.js';

// The source repository end to end: a bare repository stands in for GitHub (a file:// URL), the
// starter resolves a runbook by name with no checkout of its own, and workers that share no
// folder with it (nor with each other) fetch the pinned commit on demand.

const server = useDevServer({ prefix: 'rr-source-' });

const runbook = (step: string) => `apiVersion: runbook-runner/v1
kind: Runbook
metadata:
  name: hello
  description: Says what the pinned commit holds
spec:
  steps:
    - id: show
      shell: bash
      run: ${step}
`;
/** The files under `folder` whose bytes contain `text` (grep exits 1 for none). */
function filesHolding(text: string, folder: string): string {
  try {
    return execFileSync('grep', ['-rl', text, folder], { encoding: 'utf8' });
  } catch (error) {
    if ((error as { status?: number }).status === 1) return '';
    throw error;
  }
}

const READ_MESSAGE = `echo "message=$(cat message.txt)" >> "$RUNBOOK_OUTPUT"`;

describe('runbooks from git, by commit, anywhere', () => {
  let temporal: TemporalAccess & { close(): Promise<void> };
  let origin: GitOrigin;
  let first: string;
  before(async () => {
    temporal = await connectTo(server.address);
    origin = createGitOrigin({ 'runbooks/hello.yaml': runbook(READ_MESSAGE) });
    first = origin.push({ 'runbooks/message.txt': 'one' }, { tag: 'v1' });
  });
  after(async () => {
    await temporal?.close();
  });

  /** `runbook run` from an empty folder with RUNBOOK_REPO set: the run id and the CLI output. */
  const start = async (taskQueue: string, extra: string[] = []) => {
    const id = runId('from-git');
    const cwd = mkdtempSync(join(tmpdir(), 'rr-starter-'));
    const { code, output } = await runCli(
      ['run', 'hello', '--detach', '--id', id, ...extra],
      {
        RUNBOOK_HOME: join(cwd, 'home'),
        RUNBOOK_REPO: origin.url,
        TEMPORAL_ADDRESS: server.address,
        RUNBOOK_TASK_QUEUE: taskQueue,
      },
      { cwd },
    );
    return { id, code, output };
  };

  /** Runs `id` to its end on a fresh worker with its own empty folders. */
  const runOnNewWorker = async (taskQueue: string, id: string) => {
    const w = await startTestWorker(temporal, { taskQueue });
    return w.worker.runUntil(
      temporal.client.workflow.getHandle(id).result() as Promise<RunbookRunResult>,
    );
  };

  it('pins the default branch head and the clone URL; a later push does not change what runs', async () => {
    const started = await start('source-a');
    assert.equal(started.code, 0, started.output);
    const pushed = origin.push({ 'runbooks/message.txt': 'two' });
    assert.notEqual(pushed, first);

    const result = await runOnNewWorker('source-a', started.id);

    assert.equal(result.status, 'Succeeded');
    assert.deepEqual(result.outputs.show, { message: 'one' });
    const input = (await temporal.client.workflow.getHandle(started.id).fetchHistory()).events?.[0]
      ?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
    const source = JSON.parse(Buffer.from(input ?? '').toString()).source;
    assert.deepEqual(source, { repo: origin.url, commit: first, path: 'runbooks/hello.yaml' });
  });

  it('a second worker with its own empty caches runs --ref v1 and the new head', async () => {
    const tagged = await start('source-b', ['--ref', 'v1']);
    const head = await start('source-b');
    assert.equal(tagged.code, 0, tagged.output);
    assert.equal(head.code, 0, head.output);

    const w = await startTestWorker(temporal, { taskQueue: 'source-b' });
    const [atTag, atHead] = await w.worker.runUntil(
      Promise.all([
        temporal.client.workflow.getHandle(tagged.id).result() as Promise<RunbookRunResult>,
        temporal.client.workflow.getHandle(head.id).result() as Promise<RunbookRunResult>,
      ]),
    );

    assert.deepEqual(atTag.outputs.show, { message: 'one' });
    assert.deepEqual(atHead.outputs.show, { message: 'two' });
  });

  it('a run pinned to a sha the origin lacks fails at once, naming the repository and sha', async () => {
    const missing = 'd'.repeat(40);
    const w = await startTestWorker(temporal);
    const id = runId('missing-sha');
    const error = await rejectionOf(
      w.worker.runUntil(
        temporal.client.workflow.execute(runbookWorkflow, {
          taskQueue: w.taskQueue,
          workflowId: id,
          args: [
            {
              definition: definitionFrom(runbook(READ_MESSAGE), 'runbooks/hello.yaml'),
              params: {},
              source: { repo: origin.url, commit: missing, path: 'runbooks/hello.yaml' },
              trigger: { kind: 'cli', actor: 'cli:alice' },
            },
          ],
        }),
      ),
    );
    const result = resultOf(error);
    assert.equal(result.status, 'Failed');
    const step = result.progress.steps.find((s) => s.id === 'show');
    assert.equal(step?.attempt, 1, 'not retried');
    assert.ok(step?.error?.includes(`commit ${missing} is not in ${origin.url}`), step?.error);
  });

  it('refuses a ref that would be read as an option, starting nothing', async () => {
    const refused = await start('source-c', ['--ref=--upload-pack=touch /tmp/pwned']);
    assert.equal(refused.code, 2, refused.output);
    assert.match(refused.output, /is refused: it starts with "-".*\[RB8002\]/s);
    assert.doesNotMatch(refused.output, /started /);
  });

  it('an unknown runbook name is a usage error naming the commit it looked in', async () => {
    const id = runId('unknown');
    const cwd = mkdtempSync(join(tmpdir(), 'rr-starter-'));
    const { code, output } = await runCli(
      ['run', 'nope', '--detach', '--id', id],
      {
        RUNBOOK_HOME: join(cwd, 'home'),
        RUNBOOK_REPO: origin.url,
        TEMPORAL_ADDRESS: server.address,
      },
      { cwd },
    );
    assert.equal(code, 2, output);
    assert.match(output, /no runbook named "nope" under runbooks\/ in commit [0-9a-f]{12}/);

    const file = await runCli(
      ['run', 'runbooks/hello.yaml', '--detach'],
      {
        RUNBOOK_HOME: join(cwd, 'home'),
        RUNBOOK_REPO: origin.url,
        TEMPORAL_ADDRESS: server.address,
      },
      { cwd },
    );
    assert.equal(file.code, 2, file.output);
    assert.match(
      file.output,
      /takes a runbook's metadata\.name; to run a file of your checkout, unset RUNBOOK_REPO/,
    );
  });

  it('over http with a token: the run succeeds, and no file, history or output holds the token', async () => {
    const token = 'ghs_e2eSecretToken0987654321';
    const http = await startGitHttpServer(origin.bare, token);
    try {
      const id = runId('with-token');
      const home = mkdtempSync(join(tmpdir(), 'rr-starter-'));
      const started = await runCli(
        ['run', 'hello', '--detach', '--id', id],
        {
          RUNBOOK_HOME: join(home, 'home'),
          RUNBOOK_REPO: http.url,
          RUNBOOK_REPO_TOKEN: token,
          TEMPORAL_ADDRESS: server.address,
          RUNBOOK_TASK_QUEUE: 'source-token',
        },
        { cwd: home },
      );
      assert.equal(started.code, 0, started.output);
      const dir = mkdtempSync(join(tmpdir(), 'rr-token-worker-'));
      const w = await startTestWorker(temporal, {
        dir,
        taskQueue: 'source-token',
        source: sourceSettings(
          { RUNBOOK_REPO: http.url, GITHUB_TOKEN: token },
          '/',
          join(dir, 'mirrors'),
        ),
      });
      const handle = temporal.client.workflow.getHandle(id);
      const result = await w.worker.runUntil(handle.result() as Promise<RunbookRunResult>);

      assert.equal(result.status, 'Succeeded');
      assert.deepEqual(result.outputs.show, { message: 'two' });
      assert.ok(!started.output.includes(token), started.output);
      const history = JSON.stringify(await handle.fetchHistory());
      assert.ok(!history.includes(token), 'the run history never holds the token');
      for (const folder of [home, dir]) {
        assert.equal(filesHolding(token, folder), '', `no file under ${folder} holds the token`);
      }
    } finally {
      await http.close();
    }
  });
});
