import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { trackChild } from '../../src/testing/child-processes.js';
import { eventually, within } from './eventually.js';

const bin = fileURLToPath(new URL('../../bin/runbook.js', import.meta.url));

/** How long a `runbook worker` may take to poll (it bundles the interpreter first). */
export const CLI_WORKER_READY_MS = 90_000;
/** How long a short CLI command (status, approve, history, logs, a small run) may take. */
export const CLI_COMMAND_MS = 120_000;
/** How long a stopped CLI process may take to exit after SIGTERM before it is killed. */
const CLI_STOP_MS = 30_000;

export interface CliProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/** Runs `runbook …` as a separate process (a real CLI or worker), capturing its output. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv, cwd?: string): CliProcess {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, RUNBOOK_FROM_SOURCE: '1', ...env },
    ...(cwd === undefined ? {} : { cwd }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackChild(child);
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, output: () => text, exited };
}

/** Resolves with the exit code, or fails (and kills the process) after `timeoutMs`. */
export async function exitWithin(
  cli: CliProcess,
  timeoutMs: number,
  what: string,
): Promise<number> {
  try {
    return (await within(cli.exited, timeoutMs, `${what} to exit`)) ?? -1;
  } catch (error) {
    cli.child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}; its output:\n${cli.output()}`, { cause: error });
  }
}

/** Runs `runbook …` to its end: its exit code and output, killing it after `timeoutMs`. */
export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { readonly cwd?: string; readonly timeoutMs?: number } = {},
): Promise<{ code: number; output: string }> {
  const cli = spawnCli(args, env, options.cwd);
  const code = await exitWithin(
    cli,
    options.timeoutMs ?? CLI_COMMAND_MS,
    `runbook ${args.join(' ')}`,
  );
  return { code, output: cli.output() };
}

/**
 * Starts `runbook worker` with `env` (TEMPORAL_ADDRESS, RUNBOOK_TASK_QUEUE, …) and waits until it
 * polls; fails with its output when it exits first.
 */
export async function startCliWorker(
  env: NodeJS.ProcessEnv,
  what = 'the worker',
): Promise<CliProcess> {
  const worker = spawnCli(['worker'], env);
  try {
    await eventually(
      () => worker.output().includes('worker polling') || worker.child.exitCode !== null,
      { what: `${what} to poll`, timeoutMs: CLI_WORKER_READY_MS, intervalMs: 200 },
    );
  } catch (error) {
    worker.child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}; its output:\n${worker.output()}`, {
      cause: error,
    });
  }
  if (worker.child.exitCode !== null) {
    throw new Error(
      `${what} exited with ${worker.child.exitCode} before polling:\n${worker.output()}`,
    );
  }
  return worker;
}

/** Stops a CLI process with SIGTERM and waits (bounded) until it has exited. */
export async function stopCli(cli: CliProcess, what = 'the worker'): Promise<void> {
  if (cli.child.exitCode !== null || cli.child.signalCode !== null) return;
  cli.child.kill('SIGTERM');
  await exitWithin(cli, CLI_STOP_MS, what).catch(() => undefined);
}
