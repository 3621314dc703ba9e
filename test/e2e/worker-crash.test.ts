import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type DevServer, startDevServer } from '../../src/testing/dev-server.js';
import { eventually, spawnCli } from './cli.js';

let server: DevServer;
let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rr-crash-'));
  server = await startDevServer({ dbFile: join(dir, 'temporal.db'), logDir: dir, uiPort: false });
});
after(async () => {
  await server?.stop();
});

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
  const repo = join(dir, 'repo');
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  writeFileSync(join(repo, 'crash.yaml'), RUNBOOK);
  execFileSync('git', ['-C', repo, 'add', '.']);
  execFileSync('git', [
    '-C',
    repo,
    '-c',
    'user.email=t@example.invalid',
    '-c',
    'user.name=t',
    'commit',
    '-qm',
    'runbook',
  ]);
  const journal = join(dir, 'journal');
  const env = {
    RUNBOOK_HOME: join(dir, 'home'),
    TEMPORAL_ADDRESS: server.address,
    RUNBOOK_TASK_QUEUE: 'crash',
  };

  const firstWorker = spawnCli(['worker'], env);
  await eventually(
    () => firstWorker.output().includes('worker polling'),
    60_000,
    'the first worker to poll',
  );
  const run = spawnCli(
    ['run', join(repo, 'crash.yaml'), '-p', `journal=${journal}`, '--id', 'crash-run'],
    env,
  );
  await eventually(
    () => existsSync(journal) && readFileSync(journal, 'utf8').includes('slow-start'),
    60_000,
    'the slow step to start',
  );

  firstWorker.child.kill('SIGKILL');
  await firstWorker.exited;
  const secondWorker = spawnCli(['worker'], env);
  try {
    const code = await run.exited;
    assert.equal(code, 0, run.output());
  } finally {
    secondWorker.child.kill('SIGTERM');
    await secondWorker.exited;
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
