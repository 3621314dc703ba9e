/** What a command may touch of the outside world; tests pass their own. */
export interface CliIO {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** A command receives its own arguments (after the command name) and returns the exit code. */
export type Command = (args: readonly string[], io: CliIO) => Promise<number>;

/**
 * Thrown for mistakes the user can fix (bad flag, missing file). The entry point prints the
 * message without a stack trace and exits with `exitCode`.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}
