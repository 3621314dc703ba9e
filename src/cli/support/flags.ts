import { type ParseArgsConfig, parseArgs } from 'node:util';
import { shown } from '../../runbook/bounded-text.js';
import { UsageError } from '../io.js';

/** Flags every command that talks to Temporal accepts. */
export const connectionOptions = {
  address: { type: 'string' },
  namespace: { type: 'string' },
  'task-queue': { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** `parseArgs` that turns its errors into a usage message with the command's help. */
export function parseFlags<T extends ParseArgsConfig>(config: T, help: string) {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${help}`);
  }
}

/**
 * `-p key=value` pairs into a record; the value may contain `=`. The record has no prototype, so
 * `-p __proto__=x` and `-p constructor=x` are plain (unknown) names, reported by resolveParams.
 */
export function keyValues(pairs: readonly string[]): Record<string, string> {
  const record: Record<string, string> = Object.create(null);
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`-p expects key=value, got "${shown(pair)}"`);
    record[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return record;
}

/** The one positional a command needs (a run id), or a usage error showing the help. */
export function requireRunId(positionals: readonly string[], help: string): string {
  const [runId, ...extra] = positionals;
  if (runId === undefined || extra.length > 0)
    throw new UsageError(`expected one run id\n\n${help}`);
  return runId;
}
