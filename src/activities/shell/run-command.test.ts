import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledFailure } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { secretToken } from '../../runbook/secret-token.js';
import { createCheckoutCache } from '../checkout/checkout-cache.js';
import { gitRepoWithCommits, quietActivityEnvironment, tempDir } from '../test-helpers.js';
import {
  type CommandFailedDetails,
  createRunCommand,
  type RunCommand,
  type RunCommandDeps,
  type RunCommandInput,
  type RunCommandResult,
} from './run-command.js';

const NODE = process.execPath;
const PRINT_ARGV = 'console.log(JSON.stringify(process.argv.slice(1)))';

async function harness(overrides: Partial<RunCommandDeps> = {}) {
  const logDir = await tempDir('logs');
  const work = await tempDir('work');
  const runCommand = createRunCommand({
    logDir,
    checkouts: createCheckoutCache({ cacheDir: await tempDir('cache') }),
    env: process.env,
    heartbeatIntervalMs: 20,
    killGraceMs: 200,
    ...overrides,
  });
  const input = (partial: Partial<RunCommandInput>): RunCommandInput => ({
    runId: 'run-1',
    stepId: 'step-1',
    command: { argv: ['true'] },
    env: {},
    secretRefs: [],
    workdir: { dir: work },
    ...partial,
  });
  const run = (partial: Partial<RunCommandInput>, environment = quietActivityEnvironment()) =>
    environment.run<[RunCommandInput], RunCommandResult, RunCommand>(runCommand, input(partial));
  return { logDir, work, run };
}

/** Resolves once `pid` no longer exists (a cancelled tree dies asynchronously). */
async function waitUntilGone(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(20);
  }
}

function applicationFailure(error: unknown): ApplicationFailure {
  assert.ok(error instanceof ApplicationFailure, `expected ApplicationFailure, got ${error}`);
  return error;
}

describe('runCommand: arguments reach the program literally', () => {
  it('passes shell metacharacters in an argv element as one literal argument, without a shell', async () => {
    const { run, work } = await harness();
    const pwned = join(work, 'pwned');
    const hostile = [`x; touch ${pwned}`, '$(id)', '`id`', 'a\'b"c', '*'];

    const result = await run({ command: { argv: [NODE, '-e', PRINT_ARGV, '--', ...hostile] } });

    assert.deepEqual(JSON.parse(result.stdoutTail), hostile);
    assert.equal(existsSync(pwned), false);
  });

  it('gives a shell script its values through env, never by interpolation', async () => {
    const { run, work } = await harness();
    const pwned = join(work, 'pwned');

    const result = await run({
      command: { shell: 'bash', script: 'printf "%s\\n" "$VALUE"' },
      env: { VALUE: `x; touch ${pwned}; $(id)` },
    });

    assert.equal(result.stdoutTail, `x; touch ${pwned}; $(id)\n`);
    assert.equal(existsSync(pwned), false);
  });

  it('stops a bash script at its first failing command', async () => {
    const { run, work } = await harness();

    await assert.rejects(
      run({ command: { shell: 'bash', script: `false\ntouch ${join(work, 'reached')}` } }),
      { type: 'CommandFailed' },
    );
    assert.equal(existsSync(join(work, 'reached')), false);
  });

  it('refuses a shell it does not know, non-retryably', async () => {
    const { run } = await harness();

    await assert.rejects(run({ command: { shell: 'fish', script: 'echo hi' } }), {
      type: 'UnsupportedShell',
      nonRetryable: true,
    });
  });
});

describe('runCommand: environment and outputs', () => {
  it('sets RUNBOOK_RUN_ID, RUNBOOK_STEP_ID and RUNBOOK_ATTEMPT from the activity attempt', async () => {
    const { run } = await harness();

    const result = await run(
      {
        runId: 'run-42',
        stepId: 'migrate',
        command: {
          shell: 'sh',
          script: 'echo "$RUNBOOK_RUN_ID $RUNBOOK_STEP_ID $RUNBOOK_ATTEMPT"',
        },
      },
      quietActivityEnvironment({ attempt: 3 }),
    );

    assert.equal(result.stdoutTail, 'run-42 migrate 3\n');
  });

  it("passes the step's env and only the listed worker variables, not the worker's secrets", async () => {
    const { run } = await harness({
      env: { PATH: process.env.PATH ?? '', WORKER_API_KEY: 'worker-only' },
    });

    const result = await run({
      command: { argv: [NODE, '-e', 'console.log(JSON.stringify(process.env))'] },
      env: { STAGE: 'prod' },
    });

    const childEnv = JSON.parse(result.stdoutTail) as Record<string, string>;
    assert.equal(childEnv.STAGE, 'prod');
    assert.equal(childEnv.PATH, process.env.PATH);
    assert.equal(childEnv.WORKER_API_KEY, undefined);
  });

  it('returns outputs written to $RUNBOOK_OUTPUT as key=value lines and heredoc blocks', async () => {
    const { run } = await harness();

    const result = await run({
      command: {
        shell: 'bash',
        script: [
          'echo "version=1.4.2" >> "$RUNBOOK_OUTPUT"',
          '{ echo "notes<<EOF"; echo "line one"; echo "line two"; echo "EOF"; } >> "$RUNBOOK_OUTPUT"',
        ].join('\n'),
      },
    });

    assert.deepEqual(result.outputs, { version: '1.4.2', notes: 'line one\nline two' });
  });

  it('fails non-retryably when $RUNBOOK_OUTPUT is malformed', async () => {
    const { run } = await harness();

    await assert.rejects(
      run({ command: { shell: 'sh', script: 'echo "not an output" >> "$RUNBOOK_OUTPUT"' } }),
      { type: 'InvalidStepOutputs', nonRetryable: true, message: /line 1/ },
    );
  });
});

describe('runCommand: working directory', () => {
  it('runs in a checkout of the pinned commit, in its subdir, not at the branch head', async () => {
    const { repo, shas } = await gitRepoWithCommits([
      { 'app/VERSION': 'one\n' },
      { 'app/VERSION': 'two\n' },
    ]);
    const { run } = await harness();

    const result = await run({
      command: { argv: ['cat', 'VERSION'] },
      workdir: { repoPath: repo, commit: shas[0] ?? '', subdir: 'app' },
    });

    assert.equal(result.stdoutTail, 'one\n');
  });

  it('refuses a subdir that escapes the checkout', async () => {
    const { repo, shas } = await gitRepoWithCommits([{ a: '1' }]);
    const { run } = await harness();

    await assert.rejects(
      run({ workdir: { repoPath: repo, commit: shas[0] ?? '', subdir: '../..' } }),
      { type: 'WorkdirNotFound', nonRetryable: true },
    );
  });
});

describe('runCommand: failures', () => {
  it('fails retryably on a non-zero exit, with the code, command, log path and tail', async () => {
    const { run } = await harness();

    const error = await run({
      command: { shell: 'sh', script: 'echo "about to fail"; echo "bad thing" >&2; exit 3' },
    }).catch((caught: unknown) => caught);

    const failure = applicationFailure(error);
    assert.equal(failure.type, 'CommandFailed');
    assert.equal(failure.nonRetryable, false);
    assert.match(failure.message, /exited with code 3/);
    assert.match(failure.message, /sh script `echo "about to fail"/);
    const details = failure.details?.[0] as CommandFailedDetails;
    assert.match(failure.message, new RegExp(details.logFile));
    assert.equal(details.exitCode, 3);
    assert.equal(details.stdoutTail, 'about to fail\n');
    assert.equal(details.stderrTail, 'bad thing\n');
  });

  it('fails non-retryably with CommandNotFound naming the program and the directory', async () => {
    const { run, work } = await harness();

    const error = await run({ command: { argv: ['no-such-program-xyz', '--help'] } }).catch(
      (caught: unknown) => caught,
    );

    const failure = applicationFailure(error);
    assert.equal(failure.type, 'CommandNotFound');
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /"no-such-program-xyz" was not found/);
    assert.ok(failure.message.includes(work));
  });
});

describe('runCommand: logs', () => {
  it('writes the full stdout and stderr to logDir/<run>/<step>.<attempt>.log, returning a bounded tail', async () => {
    const { run, logDir } = await harness();

    const result = await run(
      {
        runId: 'run-7',
        stepId: 'noisy',
        outputTailBytes: 1024,
        command: {
          shell: 'bash',
          script: 'for i in $(seq 1 2000); do echo "line-$i"; done; echo "to-stderr" >&2',
        },
      },
      quietActivityEnvironment({ attempt: 2 }),
    );

    assert.equal(result.logFile, join(logDir, 'run-7', 'noisy.2.log'));
    const log = await readFile(result.logFile, 'utf8');
    assert.match(log, /^line-1$/m);
    assert.match(log, /^line-2000$/m);
    assert.match(log, /^to-stderr$/m);
    assert.ok(Buffer.byteLength(result.stdoutTail) <= 1024);
    assert.ok(result.stdoutTail.endsWith('line-2000\n'));
    assert.doesNotMatch(result.stdoutTail, /^line-1$/m);
  });
});

describe('runCommand: secrets', () => {
  const value = 'tok-9f8e7d6c5b';

  it('resolves a declared secret for the command and redacts it from tails, outputs and the log', async () => {
    const { run, work } = await harness({ env: { PATH: process.env.PATH ?? '', API: value } });
    const proof = join(work, 'proof');

    const result = await run({
      secretRefs: ['env:API'],
      env: { TOKEN: secretToken('env:API'), PROOF: proof },
      command: {
        shell: 'bash',
        script: [
          'echo "token is $TOKEN"',
          'echo "stderr $TOKEN" >&2',
          'echo "seen=$TOKEN" >> "$RUNBOOK_OUTPUT"',
          'printf "%s" "$TOKEN" > "$PROOF"',
        ].join('\n'),
      },
    });

    assert.equal(await readFile(proof, 'utf8'), value);
    assert.equal(result.stdoutTail, 'token is ***\n');
    assert.equal(result.stderrTail, 'stderr ***\n');
    assert.deepEqual(result.outputs, { seen: '***' });
    assert.ok(!(await readFile(result.logFile, 'utf8')).includes(value));
  });

  it('redacts a secret from the failure message and details of a failing command', async () => {
    const { run } = await harness({ env: { PATH: process.env.PATH ?? '', API: value } });

    const error = await run({
      secretRefs: ['env:API'],
      command: { argv: ['sh', '-c', 'echo "$0"; echo "$0" >&2; exit 1', secretToken('env:API')] },
    }).catch((caught: unknown) => caught);

    const failure = applicationFailure(error);
    assert.equal(failure.type, 'CommandFailed');
    const everything = failure.message + JSON.stringify(failure.details);
    assert.ok(everything.includes('***'));
    assert.ok(!everything.includes(value), everything);
  });

  it('refuses an undeclared secret reference before starting anything', async () => {
    const { run, work } = await harness({ env: { PATH: process.env.PATH ?? '', API: value } });
    const started = join(work, 'started');

    await assert.rejects(
      run({
        secretRefs: [],
        env: { TOKEN: secretToken('env:API') },
        command: { argv: ['touch', started] },
      }),
      { type: 'SecretNotDeclared', nonRetryable: true, message: /"env:API"/ },
    );
    assert.equal(existsSync(started), false);
  });
});

describe('runCommand: heartbeats and cancellation', () => {
  it('heartbeats the last output line, redacted', async () => {
    const { run, work } = await harness({ env: { PATH: process.env.PATH ?? '', API: 's3cr3t!' } });
    const go = join(work, 'go');
    const environment = quietActivityEnvironment();
    const seen: unknown[] = [];
    environment.on('heartbeat', (details: unknown) => {
      seen.push(details);
      const lastLine = (details as { lastLine: string | null }).lastLine;
      if (lastLine === 'deploying with ***') void writeFile(go, '');
    });

    await run(
      {
        secretRefs: ['env:API'],
        env: { TOKEN: secretToken('env:API'), GO: go },
        command: {
          shell: 'bash',
          script: 'echo "deploying with $TOKEN"; while [ ! -e "$GO" ]; do sleep 0.02; done',
        },
      },
      environment,
    );

    assert.ok(seen.some((details) => JSON.stringify(details).includes('deploying with ***')));
    assert.ok(!JSON.stringify(seen).includes('s3cr3t!'));
  });

  it('on cancellation terminates the whole process tree and throws the cancellation', async () => {
    const { run, logDir } = await harness();
    const environment = quietActivityEnvironment();
    environment.on('heartbeat', (details: { lastLine: string | null }) => {
      if (details.lastLine?.startsWith('child ')) environment.cancel();
    });

    const error = await run(
      {
        runId: 'cancelled',
        stepId: 'long',
        command: { shell: 'bash', script: 'sleep 1000 & echo "child $!"; wait' },
      },
      environment,
    ).catch((caught: unknown) => caught);

    assert.ok(error instanceof CancelledFailure, `expected CancelledFailure, got ${error}`);
    const log = await readFile(join(logDir, 'cancelled', 'long.1.log'), 'utf8');
    const childPid = Number(/child (\d+)/.exec(log)?.[1] ?? '0');
    assert.ok(childPid > 0);
    await waitUntilGone(childPid);
  });

  it('kills, after the grace period, a tree that ignores SIGTERM', async () => {
    const { run, logDir } = await harness({ killGraceMs: 100 });
    const environment = quietActivityEnvironment();
    environment.on('heartbeat', (details: { lastLine: string | null }) => {
      if (details.lastLine?.startsWith('child ')) environment.cancel();
    });

    const error = await run(
      {
        runId: 'stubborn',
        stepId: 'ignore-term',
        command: {
          shell: 'bash',
          script: 'trap \'\' TERM; sleep 1000 & echo "child $!"; wait; wait; wait',
        },
      },
      environment,
    ).catch((caught: unknown) => caught);

    assert.ok(error instanceof CancelledFailure, `expected CancelledFailure, got ${error}`);
    const log = await readFile(join(logDir, 'stubborn', 'ignore-term.1.log'), 'utf8');
    const childPid = Number(/child (\d+)/.exec(log)?.[1] ?? '0');
    assert.ok(childPid > 0);
    await waitUntilGone(childPid);
  });

  it('ends processes a successful command left running in the background', async () => {
    const { run } = await harness();

    const result = await run({
      command: { shell: 'bash', script: 'sleep 1000 & echo "child $!"' },
    });

    const childPid = Number(/child (\d+)/.exec(result.stdoutTail)?.[1] ?? '0');
    assert.ok(childPid > 0);
    await waitUntilGone(childPid);
  });
});
