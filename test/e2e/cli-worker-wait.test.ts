// `runbook` never waits on a worker in silence, and environment problems are user errors: the
// real CLI against real Temporal dev servers (the embedded one and one given by address).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type DevServer, startDevServer } from '../../src/testing/dev-server.js';
import { freePort } from '../../src/testing/free-port.js';
import { repoRoot } from '../../src/testing/toolchain.js';
import { type CliProcess, spawnCli } from '../harness/cli.js';
import { eventually } from '../harness/eventually.js';

let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'rr-worker-wait-'));
  // Who may approve the gate: the people file found beside the runbooks.
  writeFileSync(
    join(dir, 'people.yaml'),
    'apiVersion: runbook-runner/v1\nkind: People\npeople:\n  bob: { cli: [bob] }\n  carol: { cli: [carol] }\n',
  );
});

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  const run = spawnCli(args, env, dir);
  const code = await run.exited;
  return { code, output: run.output() };
}

function write(name: string, yaml: string): string {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
}

const HELLO = `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: hello-again }
spec:
  steps:
    - id: greet
      run: [echo, hello]
`;

const GATE = `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: gate }
spec:
  steps:
    - id: approve
      uses: approval
      with: { message: "go?", approvers: { people: [bob, carol] } }
    - id: after
      run: [echo, approved]
`;

/** No stack frame, no "this is a bug": what a user error looks like. */
function assertUserError(output: string): void {
  assert.doesNotMatch(output, /this is a bug/);
  assert.doesNotMatch(output, /\n\s+at \S/);
}

describe('on the embedded dev server', () => {
  let env: NodeJS.ProcessEnv;
  before(() => {
    env = {
      RUNBOOK_HOME: join(dir, 'embedded-home'),
      TEMPORAL_ADDRESS: undefined,
      RUNBOOK_TASK_QUEUE: undefined,
    };
  });
  after(async () => {
    await cli(['dev', '--stop'], env);
  });

  test('runbook run of the same file five times in a row succeeds each time', async () => {
    const file = write('hello-again.yaml', HELLO);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const { code, output } = await cli(['run', file], env);
      assert.equal(code, 0, `run ${attempt}:\n${output}`);
      assert.match(output, /hello-again: Succeeded/, `run ${attempt}`);
      assert.match(output, /running a worker in this process/, `run ${attempt}`);
    }
  });

  test('a Kubernetes run with an unreadable KUBECONFIG is refused before it starts (exit 3)', async () => {
    const { code, output } = await cli(
      [
        'run',
        join(repoRoot, 'runbooks', 'scale-service.yaml'),
        '-p',
        'namespace=shop',
        '-p',
        'name=web',
        '-p',
        'replicas=3',
        '--id',
        'scale-without-kubeconfig',
      ],
      { ...env, KUBECONFIG: '/nonexistent/kubeconfig' },
    );
    assert.equal(code, 3, output);
    assert.match(
      output,
      /runbook run: the run was not started: its Kubernetes steps \(scale, rollout\) would run in this process on the current kubeconfig context, but cannot read the kubeconfig \/nonexistent\/kubeconfig/,
    );
    assert.match(output, /Set KUBECONFIG to a readable kubeconfig/);
    assertUserError(output);
    const status = await cli(['status', 'scale-without-kubeconfig'], env);
    assert.equal(status.code, 1, status.output);
    assert.match(status.output, /no run with id "scale-without-kubeconfig"/);
  });
});

describe('on a server given by address', () => {
  let server: DevServer;
  let worker: CliProcess | undefined;
  const base = () => ({ RUNBOOK_HOME: join(dir, 'remote-home'), TEMPORAL_ADDRESS: server.address });

  before(async () => {
    server = await startDevServer({ dbFile: join(dir, 'temporal.db'), logDir: dir, uiPort: false });
  });
  after(async () => {
    worker?.child.kill('SIGTERM');
    await worker?.exited;
    await server?.stop();
  });

  test('runbook run runs its own worker when none picks the run up, also right after the last one left', async () => {
    const file = write('hello-remote.yaml', HELLO);
    const env = { ...base(), RUNBOOK_TASK_QUEUE: 'runs-here' };
    for (let attempt = 1; attempt <= 2; attempt++) {
      const { code, output } = await cli(['run', file], env);
      assert.equal(code, 0, `run ${attempt}:\n${output}`);
      assert.match(
        output,
        /no worker picked the run up on task queue "runs-here" within 3s: running one in this process/,
      );
      assert.match(output, /hello-again: Succeeded/);
    }
  });

  test('with no worker, approve says so, gives up after --worker-wait with exit 4, and sends nothing', async () => {
    const file = write('gate.yaml', GATE);
    const env = { ...base(), RUNBOOK_TASK_QUEUE: 'nobody-polls' };
    const started = await cli(['run', file, '--detach', '--id', 'gate-no-worker'], env);
    assert.equal(started.code, 0, started.output);
    assert.match(
      started.output,
      /warning: the run waits until a worker picks it up: no worker is polling task queue "nobody-polls" to start the run \(run gate-no-worker; waited 3s; no worker has polled it recently\)\. Start one in another terminal: runbook worker --task-queue nobody-polls --address 127\.0\.0\.1:\d+/,
    );

    const approve = await cli(
      ['approve', 'gate-no-worker', '--as', 'carol', '--worker-wait', '8s'],
      env,
    );
    assert.equal(approve.code, 4, approve.output);
    const notice = approve.output.indexOf(
      'no worker is polling task queue "nobody-polls" to record the approval (run gate-no-worker; waited ',
    );
    const gaveUp = approve.output.indexOf(
      'runbook approve: gave up after 8s: no worker is polling task queue "nobody-polls" to record the approval (run gate-no-worker; no worker has polled it recently); nothing was sent to the run. Start a worker (runbook worker --task-queue nobody-polls --address ',
    );
    assert.ok(notice !== -1 && gaveUp > notice, approve.output);
    assert.match(
      approve.output,
      /To wait longer, pass --worker-wait <duration> or set RUNBOOK_WORKER_WAIT\./,
    );
    assertUserError(approve.output);

    const status = await cli(['status', 'gate-no-worker'], env);
    assert.equal(status.code, 4, status.output);
    assert.match(
      status.output,
      /no worker is polling task queue "nobody-polls" to show the steps \(run gate-no-worker; .*\); the run is RUNNING and its next task has waited for a worker since /,
    );

    worker = spawnCli(['worker'], env, dir);
    const polling = worker;
    await eventually(() => polling.output().includes('worker polling'), {
      what: 'the worker to poll',
      timeoutMs: 60_000,
    });
    const ok = await cli(['approve', 'gate-no-worker', '--as', 'bob'], env);
    assert.equal(ok.code, 0, ok.output);
    let final = '';
    for (let i = 0; i < 100 && !final.includes('"status": "Succeeded"'); i++) {
      final = (await cli(['status', 'gate-no-worker', '--json'], env)).output;
    }
    assert.match(final, /"status": "Succeeded"/);
    // The votes counted, by whom: carol (an allowed approver) gave up, so her vote is not there.
    const progress = JSON.parse(final.slice(final.indexOf('{'))) as {
      steps: Array<{ id: string; approvals?: Array<{ by: string }> }>;
    };
    const votes = progress.steps.find((s) => s.id === 'approve')?.approvals?.map((v) => v.by);
    assert.deepEqual(votes, ['bob'], 'the vote given up on never reached the run');
  });

  test('runbook run against a closed port is a user error naming the address (exit 3)', async () => {
    const port = await freePort();
    const file = write('hello-closed.yaml', HELLO);
    const { code, output } = await cli(['run', file, '--address', `127.0.0.1:${port}`], base());
    assert.equal(code, 3, output);
    assert.match(
      output,
      new RegExp(
        `runbook run: cannot reach the Temporal server at 127\\.0\\.0\\.1:${port} \\(.+\\)\\. Check that it runs and that --address / TEMPORAL_ADDRESS`,
      ),
    );
    assertUserError(output);
  });
});

test('an embedded dev server that will not start is a user error pointing at its log (exit 3)', async () => {
  const home = join(dir, 'broken-home');
  const { code, output } = await cli(['status', 'any-run'], {
    RUNBOOK_HOME: home,
    TEMPORAL_ADDRESS: undefined,
    TEMPORAL_CLI_BIN: '/bin/false',
  });
  assert.equal(code, 3, output);
  const log = join(home, 'dev-server', 'server.log');
  assert.ok(
    output.includes(
      `runbook status: the embedded Temporal dev server did not start (the server process exited before 127.0.0.1:`,
    ),
    output,
  );
  assert.ok(output.includes(`Read its log: ${log}.`), output);
  assert.ok(existsSync(log));
  assertUserError(output);
});
