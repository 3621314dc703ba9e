export { UsageError } from './errors.js';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIO {
  /** On a terminal, `columns` and `rows` give its size (the live view fits into it). */
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** A command receives its own arguments (after the command name) and returns the exit code. */
export type Command = (args: readonly string[], io: CliIO) => Promise<number>;

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}
