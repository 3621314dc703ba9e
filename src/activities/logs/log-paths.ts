/**
 * Where step logs live: `<logDir>/<runId>/<stepId>.<attempt>.log`, plus `<logDir>/<runId>/
 * attempts.jsonl`, one line per attempt in the order the attempts started, so `runbook logs`
 * lists them in run order without trusting file times.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export const ATTEMPTS_INDEX_FILE = 'attempts.jsonl';

/** One line of the attempts index. */
export interface AttemptIndexEntry {
  readonly stepId: string;
  readonly attempt: number;
  /** The log file's name inside the run folder. */
  readonly file: string;
  /** ISO-8601 start time of the attempt. */
  readonly startedAt: string;
}

/**
 * A file-name-safe form of an id: ids made of letters, digits, `.`, `_` and `-` are kept as they
 * are; anything else (a `/` in a workflow id, say) is percent-encoded, and `.`/`..` are escaped.
 */
export function safeFileName(id: string): string {
  const encoded = id.replace(
    /[^A-Za-z0-9._-]/g,
    (char) =>
      `%${[...Buffer.from(char, 'utf8')].map((byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join('%')}`,
  );
  return encoded === '.' || encoded === '..' || encoded === '' ? `%2E${encoded}` : encoded;
}

export function runLogDir(logDir: string, runId: string): string {
  return join(logDir, safeFileName(runId));
}

export function stepLogFileName(stepId: string, attempt: number): string {
  return `${safeFileName(stepId)}.${attempt}.log`;
}

/** Creates the run folder, records the attempt in the index and returns its log file's path. */
export async function openAttemptLog(
  logDir: string,
  runId: string,
  stepId: string,
  attempt: number,
): Promise<string> {
  const dir = runLogDir(logDir, runId);
  await mkdir(dir, { recursive: true });
  const file = stepLogFileName(stepId, attempt);
  const entry: AttemptIndexEntry = { stepId, attempt, file, startedAt: new Date().toISOString() };
  // One small O_APPEND write per attempt: concurrent steps of a run do not interleave lines.
  await appendFile(join(dir, ATTEMPTS_INDEX_FILE), `${JSON.stringify(entry)}\n`);
  return join(dir, file);
}
