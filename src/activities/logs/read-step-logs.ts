/**
 * Reading a run's step logs back, for `runbook logs <run> [--step id]`. A plain function: it
 * runs in the CLI on the machine that holds the log folder, not as an activity.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ATTEMPTS_INDEX_FILE, type AttemptIndexEntry, runLogDir } from './log-paths.js';

export interface ReadStepLogsOptions {
  readonly logDir: string;
  readonly runId: string;
  /** Only this step's attempts. */
  readonly stepId?: string;
}

export interface StepLog {
  readonly stepId: string;
  readonly attempt: number;
  readonly file: string;
  /** When the attempt started, if the attempts index recorded it. */
  readonly startedAt: string | null;
  /** The full, redacted, interleaved stdout and stderr of the attempt. */
  readonly text: string;
}

/**
 * Every recorded attempt of the run (or of one step), in the order the attempts started.
 * An empty list when the run wrote no logs on this machine.
 */
export async function readStepLogs(options: ReadStepLogsOptions): Promise<StepLog[]> {
  const dir = runLogDir(options.logDir, options.runId);
  let files: string[];
  try {
    files = (await readdir(dir)).filter((name) => name.endsWith('.log'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const present = new Set(files);
  const entries: AttemptIndexEntry[] = [];
  const listed = new Set<string>();
  for (const entry of await readIndex(join(dir, ATTEMPTS_INDEX_FILE))) {
    if (!present.has(entry.file) || listed.has(entry.file)) continue;
    listed.add(entry.file);
    entries.push(entry);
  }
  // Files the index does not name (an index line lost to a crash): after the rest, by name.
  for (const file of files.sort()) {
    if (listed.has(file)) continue;
    const match = /^(.*)\.(\d+)\.log$/.exec(file);
    if (match === null) continue;
    entries.push({
      stepId: decodeFileName(match[1] ?? ''),
      attempt: Number(match[2]),
      file,
      startedAt: '',
    });
  }
  const wanted =
    options.stepId === undefined
      ? entries
      : entries.filter((entry) => entry.stepId === options.stepId);
  return Promise.all(
    wanted.map(async (entry) => ({
      stepId: entry.stepId,
      attempt: entry.attempt,
      file: join(dir, entry.file),
      startedAt: entry.startedAt === '' ? null : entry.startedAt,
      text: await readFile(join(dir, entry.file), 'utf8'),
    })),
  );
}

async function readIndex(path: string): Promise<AttemptIndexEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  const entries: AttemptIndexEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as Partial<AttemptIndexEntry>;
      if (
        typeof value.stepId === 'string' &&
        typeof value.attempt === 'number' &&
        typeof value.file === 'string' &&
        typeof value.startedAt === 'string'
      ) {
        entries.push(value as AttemptIndexEntry);
      }
    } catch {
      // a torn last line: the file fallback above still lists its log
    }
  }
  return entries;
}

function decodeFileName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
