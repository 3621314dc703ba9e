import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { exitWithin, spawnCli, startCliWorker, stopCli } from '../harness/cli.js';
import { useDevServer } from '../harness/dev-server.js';
import { eventually } from '../harness/eventually.js';
import { commitRepo } from '../harness/git-repo.js';

const server = useDevServer({ prefix: 'rr-crash-' });

/** The whole run: one step interrupted and retried on a second worker after a heartbeat timeout. */
const RUN_MS = 240_000;

const RUNBOOK = `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: crash-resume }
spec:
  params:
    journal: { type: string }
  steps:
    - id: first
      shell: bash
      run: echo "first $RUNBOOK_STEP_ID attempt=$RUNBOOK_ATTEMPT" >> "$JOURNAL"
      env: { JOURNAL: "\${{ params.journal }}" }
    - id: slow
      shell: bash
      run: |
        echo "slow-start $RUNBOOK_STEP_ID attempt=$RUNBOOK_ATTEMPT" >> "$JOURNAL"
        if [ "$RUNBOOK_ATTEMPT" = 1 ]; then sleep 120; fi
        echo "slow-end $RUNBOOK_STEP_ID attempt=$RUNBOOK_ATTEMPT" >> "$JOURNAL"
      env: { JOURNAL: "\${{ params.journal }}" }
    - id: last
      shell: bash
      run: echo "last $RUNBOOK_STEP_ID attempt=$RUNBOOK_ATTEMPT" >> "$JOURNAL"
      env: { JOURNAL: "\${{ params.journal }}" }
`;

test('a worker killed with SIGKILL mid-step resumes on a new worker: no finished step runs twice and the killed step runs again with the same step id', async () => {
  const dir = server.dir;
  const repo = commitRepo(join(dir, 'repo'), { 'crash.yaml': RUNBOOK });
  const journal = join(dir, 'journal');
  const env = {
    RUNBOOK_HOME: join(dir, 'home'),
    TEMPORAL_ADDRESS: server.address,
    RUNBOOK_TASK_QUEUE: 'crash',
  };

  const firstWorker = await startCliWorker(env, 'the first worker');
  const run = spawnCli(
    ['run', join(repo, 'crash.yaml'), '-p', `journal=${journal}`, '--id', 'crash-run'],
    env,
  );
  await eventually(
    () => existsSync(journal) && readFileSync(journal, 'utf8').includes('slow-start'),
    { what: 'the slow step to start', timeoutMs: 60_000 },
  );

  firstWorker.child.kill('SIGKILL');
  await firstWorker.exited;
  const secondWorker = spawnCli(['worker'], env);
  try {
    const code = await exitWithin(run, RUN_MS, 'runbook run');
    assert.equal(code, 0, run.output());
  } finally {
    await stopCli(secondWorker, 'the second worker');
  }

  const lines = readFileSync(journal, 'utf8').trim().split('\n');
  assert.deepEqual(
    lines.filter((l) => l.startsWith('first ')),
    ['first first attempt=1'],
  );
  assert.deepEqual(
    lines.filter((l) => l.startsWith('last ')),
    ['last last attempt=1'],
  );
  const slowStarts = lines.filter((l) => l.startsWith('slow-start'));
  assert.deepEqual(slowStarts, ['slow-start slow attempt=1', 'slow-start slow attempt=2']);
  assert.ok(lines.includes('slow-end slow attempt=2'), lines.join('\n'));
  assert.match(run.output(), /crash-resume: Succeeded/);
  assert.match(
    run.output(),
    /slow: Succeeded \(attempt 2/,
    'progress shows the second attempt of the step',
  );
});
