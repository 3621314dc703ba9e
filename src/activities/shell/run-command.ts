/**
 * The `run` step activity: one command, in a checkout of the pinned commit, with secrets
 * resolved, output logged in full to a file and returned as a bounded, redacted tail.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { execa } from 'execa';
import type { CommandSpec } from '../../runbook/model.js';
import type { CheckoutCache } from '../checkout/checkout-cache.js';
import { openAttemptLog } from '../logs/log-paths.js';
import type { SecretSources } from '../secret-sources.js';
import { SecretScope, StreamRedactor } from '../secrets.js';
import { OutputsFileError, parseOutputsFile } from './outputs-file.js';
import { terminateGroup, trackGroup, untrackGroup } from './process-group.js';
import { TailBuffer } from './tail-buffer.js';

/** Bytes of stdout and of stderr kept (each) in the result or failure, by default. */
export const DEFAULT_OUTPUT_TAIL_BYTES = 4 * 1024;
/** The most a step may ask for with `outputTailBytes`: tails are stored in workflow history. */
export const MAX_OUTPUT_TAIL_BYTES = 64 * 1024;
/** The most a step may write to `$RUNBOOK_OUTPUT`: outputs are stored in workflow history. */
export const MAX_OUTPUTS_FILE_BYTES = 256 * 1024;
/** Time between SIGTERM and SIGKILL when a step is cancelled or leaves processes behind. */
export const KILL_GRACE_MS = 10_000;
/** How often a running command heartbeats (carrying its last output line). */
export const HEARTBEAT_INTERVAL_MS = 3_000;
/** The last line in a heartbeat is cut to this many characters. */
export const HEARTBEAT_LINE_MAX_CHARS = 200;
/** Shells a `shell:` script may name, and the flags each runs with (fail fast, like CI runners). */
export const SHELL_ARGS: Readonly<Record<string, readonly string[]>> = {
  bash: ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c'],
  sh: ['-e', '-c'],
};
/**
 * The worker's environment variables a command inherits. Anything else (the worker's Temporal
 * API key, cloud credentials) stays out of commands unless a step passes it explicitly.
 */
export const INHERITED_ENV_NAMES: readonly string[] = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'LC_ALL',
  'LC_CTYPE',
  'LC_MESSAGES',
  'TZ',
  'TMPDIR',
  'TERM',
  'KUBECONFIG',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'NODE_EXTRA_CA_CERTS',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
];

/** Failure types thrown by {@link RunCommand}. Retryable unless noted. */
export const CommandFailureType = {
  /** The command exited non-zero or was killed by a signal it did not get from us. */
  failed: 'CommandFailed',
  /** Non-retryable: the program does not exist in the working directory's PATH. */
  notFound: 'CommandNotFound',
  /** Non-retryable: the program exists but is not executable. */
  notExecutable: 'CommandNotExecutable',
  /** Non-retryable: `shell:` names a shell other than those in {@link SHELL_ARGS}. */
  unsupportedShell: 'UnsupportedShell',
  /** Non-retryable: an empty argv. */
  invalidCommand: 'InvalidCommand',
  /** Non-retryable: the working directory (or `subdir`) does not exist or escapes the checkout. */
  workdirNotFound: 'WorkdirNotFound',
  /**
   * The command outlived the step's `timeout:` and was stopped (process group terminated). Not
   * retried unless the step says `retry:` (see the interpreter's default command retry).
   */
  timedOut: 'CommandTimedOut',
  /** Non-retryable: `$RUNBOOK_OUTPUT` is malformed or too large (the command itself succeeded). */
  invalidOutputs: 'InvalidStepOutputs',
} as const;

/** Where a command runs: a checkout of a pinned commit, or (uncommitted runs) a plain folder. */
export type CommandWorkdir =
  | { readonly repoPath: string; readonly commit: string; readonly subdir?: string }
  | { readonly dir: string };

export interface RunCommandInput {
  readonly runId: string;
  readonly stepId: string;
  /** Already rendered: argv elements are final strings; may hold secret tokens. */
  readonly command: CommandSpec;
  /** The step's env, rendered; values may hold secret tokens. */
  readonly env: Readonly<Record<string, string>>;
  /** References the run declared as secret params: the only tokens that may be resolved. */
  readonly secretRefs: readonly string[];
  readonly workdir: CommandWorkdir;
  /** Bytes of each of stdout and stderr to return; {@link DEFAULT_OUTPUT_TAIL_BYTES} if absent. */
  readonly outputTailBytes?: number;
  /**
   * The step's `timeout:` per attempt. The activity stops the command itself when it runs out, so
   * the failure says so (`CommandTimedOut`, naming the limit) instead of an anonymous activity
   * timeout that the retry policy would take for a lost worker. Absent: no limit here.
   */
  readonly timeoutMs?: number;
}

export interface RunCommandResult {
  readonly exitCode: 0;
  /** Parsed from `$RUNBOOK_OUTPUT`, redacted. */
  readonly outputs: Record<string, string>;
  readonly stdoutTail: string;
  readonly stderrTail: string;
  /** The full, redacted, interleaved stdout+stderr of this attempt. */
  readonly logFile: string;
  readonly durationMs: number;
  /** Which attempt succeeded (1 unless the step was retried or its worker was lost). */
  readonly attempt: number;
}

/** `details[0]` of a `CommandFailed` failure. */
export interface CommandFailedDetails {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly command: string;
  readonly logFile: string;
  readonly stdoutTail: string;
  readonly stderrTail: string;
  readonly durationMs: number;
}

/** What a heartbeat of a running command carries. */
export interface RunCommandHeartbeat {
  readonly lastLine: string | null;
}

export interface RunCommandDeps {
  readonly logDir: string;
  readonly checkouts: CheckoutCache;
  /** The worker's environment: the source of inherited variables and `env:` secrets. */
  readonly env: NodeJS.ProcessEnv;
  readonly inheritEnv?: readonly string[];
  readonly heartbeatIntervalMs?: number;
  readonly killGraceMs?: number;
  /** The secret sources the worker allows (RUNBOOK_SECRET_SOURCES); absent: no restriction. */
  readonly secretSources?: SecretSources;
}

export type RunCommand = (input: RunCommandInput) => Promise<RunCommandResult>;

export function createRunCommand(deps: RunCommandDeps): RunCommand {
  const heartbeatIntervalMs = deps.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS;
  const killGraceMs = deps.killGraceMs ?? KILL_GRACE_MS;
  const inheritEnv = deps.inheritEnv ?? INHERITED_ENV_NAMES;

  return async function runCommand(input) {
    const context = Context.current();
    const attempt = context.info.attempt;
    const scope = new SecretScope({
      secretRefs: input.secretRefs,
      env: deps.env,
      sources: deps.secretSources,
    });
    const tailBytes = Math.min(
      Math.max(input.outputTailBytes ?? DEFAULT_OUTPUT_TAIL_BYTES, 0),
      MAX_OUTPUT_TAIL_BYTES,
    );

    // Everything that can be refused is refused before a process starts.
    const [file, args] = programOf(input.command, scope);
    const stepEnv: Record<string, string> = {};
    for (const [name, value] of Object.entries(input.env)) stepEnv[name] = scope.resolve(value);
    const display = scope.redact(describeCommand(input.command));
    const cwd = await workingDirectory(input.workdir, deps.checkouts);

    const logFile = await openAttemptLog(deps.logDir, input.runId, input.stepId, attempt);
    const outputDir = await mkdtemp(join(tmpdir(), 'runbook-output-'));
    const outputFile = join(outputDir, 'output');
    const env: Record<string, string> = {};
    for (const name of inheritEnv) {
      const value = deps.env[name];
      if (value !== undefined) env[name] = value;
    }
    Object.assign(env, stepEnv, {
      RUNBOOK_RUN_ID: input.runId,
      RUNBOOK_STEP_ID: input.stepId,
      RUNBOOK_ATTEMPT: String(attempt),
      RUNBOOK_OUTPUT: outputFile,
    });

    const started = performance.now();
    const log = createWriteStream(logFile, { flags: 'w' });
    const stdoutTail = new TailBuffer(tailBytes);
    const stderrTail = new TailBuffer(tailBytes);
    let lastLine: string | null = null;
    const heartbeat = () =>
      context.heartbeat({ lastLine } satisfies RunCommandHeartbeat as RunCommandHeartbeat);
    heartbeat();
    const heartbeats = setInterval(heartbeat, heartbeatIntervalMs);

    try {
      await writeFile(outputFile, '');
      const subprocess = execa(file, args, {
        cwd,
        env,
        extendEnv: false,
        shell: false,
        detached: true, // its own process group: see process-group.ts
        stdin: 'ignore',
        buffer: false,
        reject: false,
        windowsHide: true,
      });

      const pgid = subprocess.pid;
      let termination: { stop(): void } | undefined;
      const terminate = () => {
        if (pgid !== undefined && termination === undefined) {
          termination = terminateGroup(pgid, killGraceMs);
        }
      };
      if (pgid !== undefined) trackGroup(pgid);
      // Processes the command left behind (`server &`) would hold its pipes open forever.
      subprocess.once('exit', terminate);
      const onCancel = () => terminate();
      context.cancellationSignal.addEventListener('abort', onCancel, { once: true });
      if (context.cancellationSignal.aborted) onCancel();
      let timedOut = false;
      const deadline =
        input.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              terminate();
            }, input.timeoutMs);

      const capture = (stream: NodeJS.ReadableStream | null, tail: TailBuffer) => {
        if (stream === null) return () => {};
        const redactor = new StreamRedactor(scope);
        const emit = (text: string) => {
          if (text === '') return;
          log.write(text);
          tail.push(text);
          const line = lastNonEmptyLine(text);
          if (line !== null) lastLine = line.slice(0, HEARTBEAT_LINE_MAX_CHARS);
        };
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => emit(redactor.push(chunk)));
        return () => emit(redactor.end());
      };
      const flushStdout = capture(subprocess.stdout, stdoutTail);
      const flushStderr = capture(subprocess.stderr, stderrTail);

      const result = await subprocess;
      if (deadline !== undefined) clearTimeout(deadline);
      termination?.stop();
      if (pgid !== undefined) untrackGroup(pgid);
      context.cancellationSignal.removeEventListener('abort', onCancel);
      flushStdout();
      flushStderr();
      await closeLog(log);
      const durationMs = Math.round(performance.now() - started);

      if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason;

      if (pgid === undefined) {
        const code = (result.cause as NodeJS.ErrnoException | undefined)?.code ?? result.code;
        const program = scope.redact(file);
        if (code === 'ENOENT') {
          throw ApplicationFailure.nonRetryable(
            `Step ${input.stepId}: program "${program}" was not found (working directory ${cwd}, ` +
              `PATH=${env.PATH ?? '(unset)'}). Install it on the worker or use an absolute path.`,
            CommandFailureType.notFound,
            { program, cwd },
          );
        }
        if (code === 'EACCES') {
          throw ApplicationFailure.nonRetryable(
            `Step ${input.stepId}: "${program}" is not executable (working directory ${cwd}). ` +
              'Mark it executable (`chmod +x`, committed) or run it through an interpreter.',
            CommandFailureType.notExecutable,
            { program, cwd },
          );
        }
        throw ApplicationFailure.retryable(
          `Step ${input.stepId}: could not start ${display}: ${scope.redact(result.message ?? 'unknown error')}`,
          CommandFailureType.failed,
        );
      }

      const details: CommandFailedDetails = {
        exitCode: result.exitCode ?? null,
        signal: result.signal ?? null,
        command: display,
        logFile,
        stdoutTail: stdoutTail.text(),
        stderrTail: stderrTail.text(),
        durationMs,
      };
      if (timedOut) {
        throw ApplicationFailure.retryable(
          `Step ${input.stepId} (run ${input.runId}, attempt ${attempt}): ${display} ran out of its ` +
            `timeout of ${formatMs(input.timeoutMs ?? 0)} and was stopped. Raise the step's timeout: ` +
            `or make the command faster. Full log: ${logFile}`,
          CommandFailureType.timedOut,
          details,
        );
      }

      if (result.exitCode !== 0) {
        const how =
          result.exitCode === undefined
            ? `was killed by ${result.signal ?? 'a signal'}`
            : `exited with code ${result.exitCode}${result.exitCode === 127 ? ' (a command in it was not found)' : ''}`;
        throw ApplicationFailure.retryable(
          `Step ${input.stepId} (run ${input.runId}, attempt ${attempt}): ${display} ${how}. ` +
            `Full log: ${logFile}`,
          CommandFailureType.failed,
          details,
        );
      }

      const outputs = await readOutputs(outputFile, input.stepId, scope);
      return {
        exitCode: 0,
        outputs,
        stdoutTail: stdoutTail.text(),
        stderrTail: stderrTail.text(),
        logFile,
        durationMs,
        attempt,
      };
    } finally {
      clearInterval(heartbeats);
      if (!log.closed) await closeLog(log);
      await rm(outputDir, { recursive: true, force: true });
    }
  };
}

/** `2s`, `1m30s`, `250ms`: the step's timeout as an author would write it. */
function formatMs(ms: number): string {
  if (ms < 1000 || ms % 1000 !== 0) return `${ms}ms`;
  const seconds = ms / 1000;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return `${seconds}s`;
  return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`;
}

function programOf(command: CommandSpec, scope: SecretScope): [string, string[]] {
  if ('argv' in command) {
    const [file, ...args] = command.argv.map((element) => scope.resolve(element));
    if (file === undefined || file === '') {
      throw ApplicationFailure.nonRetryable(
        'The command has an empty argv; give at least the program to run.',
        CommandFailureType.invalidCommand,
      );
    }
    return [file, args];
  }
  const shellArgs = SHELL_ARGS[command.shell];
  if (shellArgs === undefined) {
    throw ApplicationFailure.nonRetryable(
      `Shell "${command.shell}" is not supported; use one of ${Object.keys(SHELL_ARGS).join(', ')}, ` +
        'or an argv list to run any program.',
      CommandFailureType.unsupportedShell,
    );
  }
  return [command.shell, [...shellArgs, scope.resolve(command.script)]];
}

/** A short, human-readable form of the command for messages (not for execution). */
export function describeCommand(command: CommandSpec): string {
  if ('argv' in command) return `\`${command.argv.map(quoteForDisplay).join(' ')}\``;
  const lines = command.script.trim().split('\n');
  const first = lines[0] ?? '';
  const shown = first.length > 80 ? `${first.slice(0, 80)}…` : first;
  return `${command.shell} script \`${shown}${lines.length > 1 ? ' …' : ''}\``;
}

function quoteForDisplay(element: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(element) ? element : `'${element.replace(/'/g, `'\\''`)}'`;
}

async function workingDirectory(workdir: CommandWorkdir, checkouts: CheckoutCache) {
  let root: string;
  let cwd: string;
  if ('dir' in workdir) {
    root = resolve(workdir.dir);
    cwd = root;
  } else {
    root = await checkouts.ensureCheckout({ repoPath: workdir.repoPath, commit: workdir.commit });
    cwd = resolve(root, workdir.subdir ?? '.');
  }
  const inside = relative(root, cwd);
  if (inside.startsWith('..') || isAbsolute(inside)) {
    throw ApplicationFailure.nonRetryable(
      `Working directory ${cwd} is outside the checkout ${root}; use a subdir inside the repository.`,
      CommandFailureType.workdirNotFound,
    );
  }
  const isDirectory = await stat(cwd).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
  if (!isDirectory) {
    throw ApplicationFailure.nonRetryable(
      `Working directory ${cwd} does not exist or is not a directory.`,
      CommandFailureType.workdirNotFound,
    );
  }
  return cwd;
}

async function readOutputs(
  outputFile: string,
  stepId: string,
  scope: SecretScope,
): Promise<Record<string, string>> {
  const size = (await stat(outputFile)).size;
  if (size > MAX_OUTPUTS_FILE_BYTES) {
    throw ApplicationFailure.nonRetryable(
      `Step ${stepId} wrote ${size} bytes to $RUNBOOK_OUTPUT; the limit is ` +
        `${MAX_OUTPUTS_FILE_BYTES}. Write large data to a file and output its path.`,
      CommandFailureType.invalidOutputs,
    );
  }
  try {
    return scope.redactDeep(parseOutputsFile(await readFile(outputFile, 'utf8')));
  } catch (error) {
    if (!(error instanceof OutputsFileError)) throw error;
    throw ApplicationFailure.nonRetryable(
      `Step ${stepId}: $RUNBOOK_OUTPUT ${scope.redact(error.message)}`,
      CommandFailureType.invalidOutputs,
    );
  }
}

function closeLog(log: WriteStream): Promise<void> {
  return new Promise((done, fail) => {
    log.once('error', fail);
    log.end(() => done());
  });
}

function lastNonEmptyLine(text: string): string | null {
  const lines = text.split('\n');
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = (lines[index] ?? '').replace(/\r$/, '');
    if (line.trim() !== '') return line;
  }
  return null;
}
