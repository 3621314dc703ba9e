// How the entry point reports an error that escaped a command: the one place that decides
// between "here is what to fix" and "this is a bug".
import { RunbookError } from '../runbook/errors.js';
import { NoWorkerError, UsageError } from './errors.js';
import { ExitCode } from './exit-codes.js';

export interface ErrorReport {
  /** What to print on stderr, ending in a newline. */
  readonly text: string;
  readonly exitCode: number;
}

/**
 * A {@link RunbookError} is something the user can fix: its message (which names the fix)
 * without a stack trace, and the exit code of its kind. Anything else is unexpected: "internal error — this is a bug" with the trace to report.
 */
export function reportError(command: string, error: unknown): ErrorReport {
  if (error instanceof RunbookError) {
    return { text: `runbook ${command}: ${error.message}\n`, exitCode: exitCodeOf(error) };
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    text: `runbook ${command}: internal error — this is a bug; please report it with the command you ran and this trace:\n${detail}\n`,
    exitCode: ExitCode.Internal,
  };
}

function exitCodeOf(error: RunbookError): number {
  if (error instanceof UsageError) return error.exitCode;
  if (error instanceof NoWorkerError) return ExitCode.NoWorker;
  switch (error.kind) {
    case 'usage':
      return ExitCode.Usage;
    case 'environment':
      return ExitCode.Environment;
    case 'operation':
      return ExitCode.Failed;
    default: {
      const never: never = error.kind;
      return never;
    }
  }
}
