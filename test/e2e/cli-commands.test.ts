import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type CliProcess, runCli, startCliWorker, stopCli } from '../harness/cli.js';
import { type DevServerFixture, startDevServerFixture } from '../harness/dev-server.js';
import { eventually } from '../harness/eventually.js';

/** How long to keep asking `runbook status` (one process per question, a second or two each). */
const CLI_POLL_MS = 180_000;

let server: DevServerFixture;
let dir: string;
let env: NodeJS.ProcessEnv;
let worker: CliProcess;

before(async () => {
  server = await startDevServerFixture({ prefix: 'rr-cli-' });
  dir = server.dir;
  env = {
    RUNBOOK_HOME: join(dir, 'home'),
    TEMPORAL_ADDRESS: server.address,
    RUNBOOK_TASK_QUEUE: 'cli-tests',
  };
  // Who is who for every runbook written into this folder.
  writeFileSync(
    join(dir, 'people.yaml'),
    `apiVersion: runbook-runner/v1
kind: People
people:
  alice: { cli: [alice, alice-laptop] }
  bob: { cli: [bob] }
`,
  );
  worker = await startCliWorker(env);
});
after(async () => {
  if (worker !== undefined) await stopCli(worker);
  await server?.stop();
});

function cli(args: string[]): Promise<{ code: number; output: string }> {
  return runCli(args, env, { cwd: dir });
}

function write(name: string, yaml: string): string {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
}

test('runbook run exits 2 and names the param and its allowed values when a param is invalid', async () => {
  const file = write(
    'params.yaml',
    `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: params }
spec:
  params:
    env: { type: string, enum: [staging, prod] }
  steps:
    - id: one
      run: [echo, "\${{ params.env }}"]
`,
  );
  const { code, output } = await cli(['run', file, '-p', 'env=qa']);
  assert.equal(code, 2, output);
  assert.match(output, /env/);
  assert.match(output, /staging/);
});

test('runbook run exits 2 with file:line:col for an invalid runbook and starts nothing', async () => {
  const file = write(
    'broken.yaml',
    `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: broken }
spec:
  steps:
    - id: one
      run: [echo, hi]
      timout: 5m
`,
  );
  const { code, output } = await cli(['run', file]);
  assert.equal(code, 2, output);
  assert.match(output, /broken\.yaml:8:7: error: .*timout/);
  assert.match(output, /timeout/);
  const history = await cli(['history', '--runbook', 'broken', '--json']);
  assert.deepEqual(JSON.parse(history.output.slice(history.output.indexOf('['))), []);
});

test('a failing run exits 1 with RolledBack, and history, status and logs report it', async () => {
  const file = write(
    'fails.yaml',
    `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: fails }
spec:
  steps:
    - id: change
      run: [sh, -c, 'echo changed']
      rollback: { run: [sh, -c, 'echo undone'] }
    - id: check
      run: [sh, -c, 'echo "check failed loudly" >&2; exit 4']
`,
  );
  const { code, output } = await cli(['run', file, '--id', 'fails-run']);
  assert.equal(code, 1, output);
  assert.match(output, /fails: RolledBack/);
  const status = await cli(['status', 'fails-run', '--json']);
  const progress = JSON.parse(status.output.slice(status.output.indexOf('{'))) as {
    status: string;
    steps: Array<{ id: string; status: string }>;
  };
  assert.equal(progress.status, 'RolledBack');
  assert.deepEqual(
    progress.steps.map((s) => [s.id, s.status]),
    [
      ['change', 'RolledBack'],
      ['check', 'Failed'],
    ],
  );
  const history = await cli(['history', '--status', 'RolledBack', '--json']);
  assert.ok(history.output.includes('fails-run'), history.output);
  const logs = await cli(['logs', 'fails-run', '--step', 'check']);
  assert.equal(logs.code, 0, logs.output);
  assert.match(logs.output, /check failed loudly/);
});

test('runbook approve refuses a self-approval under another identity and an unlisted approver, then accepts an allowed one', async () => {
  const file = write(
    'gate.yaml',
    `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: gate }
spec:
  steps:
    - id: approve
      uses: approval
      with: { message: "go?", approvers: { people: [alice, bob] }, allowSelfApproval: false }
    - id: after
      run: [echo, approved]
`,
  );
  const started = await cli(['run', file, '--detach', '--as', 'alice', '--id', 'gate-run']);
  assert.equal(started.code, 0, started.output);
  await eventually(
    async () => (await cli(['status', 'gate-run', '--json'])).output.includes('"WaitingApproval"'),
    { what: 'the run to wait for approval', timeoutMs: CLI_POLL_MS, intervalMs: 0 },
  );
  const self = await cli(['approve', 'gate-run', '--as', 'alice-laptop']);
  assert.equal(self.code, 1);
  assert.match(
    self.output,
    /refused: cli:alice-laptop \(alice\) started this run \(as cli:alice\) and step "approve" forbids self-approval/,
  );
  const stranger = await cli(['approve', 'gate-run', '--as', 'mallory']);
  assert.equal(stranger.code, 1);
  assert.match(
    stranger.output,
    /refused: cli:mallory may not decide step "approve"; allowed: alice, bob/,
  );
  const ok = await cli(['approve', 'gate-run', '--as', 'bob', '--reason', 'lgtm']);
  assert.equal(ok.code, 0, ok.output);
  const final = await eventually(
    async () => {
      const status = (await cli(['status', 'gate-run', '--json'])).output;
      return status.includes('"Succeeded"') && status;
    },
    { what: 'the approved run to succeed', timeoutMs: CLI_POLL_MS, intervalMs: 0 },
  );
  assert.match(final, /"status": "Succeeded"/);
  assert.match(final, /"by": "bob"/);
  assert.doesNotMatch(final, /mallory/);
});

test('runbook run refuses with exit 2 and starts nothing when spec.access does not list the starter', async () => {
  const file = write(
    'guarded.yaml',
    `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: guarded }
spec:
  access: { people: [bob] }
  steps:
    - id: one
      run: [echo, hi]
`,
  );
  const refused = await cli(['run', file, '--as', 'alice-laptop', '--id', 'guarded-run']);
  assert.equal(refused.code, 2, refused.output);
  assert.match(
    refused.output,
    /cli:alice-laptop \(alice\) may not start runbook "guarded"; spec\.access allows: bob; nothing was started/,
  );
  const history = await cli(['history', '--runbook', 'guarded', '--json']);
  assert.deepEqual(JSON.parse(history.output.slice(history.output.indexOf('['))), []);
  const allowed = await cli(['run', file, '--as', 'bob', '--id', 'guarded-run']);
  assert.equal(allowed.code, 0, allowed.output);
  assert.match(allowed.output, /guarded: Succeeded/);
});
