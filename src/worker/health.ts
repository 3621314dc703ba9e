/**
 * The worker's liveness as a small file, so a container probe (`runbook worker --healthcheck`,
 * the image's HEALTHCHECK, a Kubernetes exec probe) can tell "alive and polling" without a port
 * or a call to the Temporal server: the worker rewrites the file every few seconds while its
 * state is RUNNING; a file that is old, names another state or a dead process is unhealthy.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RunbookError } from '../runbook/errors.js';

/** The environment variable naming the health file (default: `worker-health.json` in RUNBOOK_HOME). */
export const HEALTH_FILE_ENV = 'RUNBOOK_HEALTH_FILE';
/** How often a running worker rewrites its health file. */
export const HEALTH_INTERVAL_MS = 5_000;
/** A report older than this is stale: the worker's event loop is stuck or the worker is gone. */
export const HEALTH_MAX_AGE_MS = 4 * HEALTH_INTERVAL_MS;

/** What the health file holds. */
export interface HealthReport {
  readonly pid: number;
  /** The SDK worker's state: `RUNNING` while it polls; `DRAINING`, `STOPPED`… while it stops. */
  readonly state: string;
  readonly taskQueue: string;
  /** When the report was written (ms since the epoch). */
  readonly at: number;
}

/** Thrown by {@link checkHealth}: the message says why the worker is not healthy. */
export class WorkerUnhealthyError extends RunbookError {
  readonly code = 'RB9252';
  readonly kind = 'environment';
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

export function healthFilePath(env: NodeJS.ProcessEnv, stateDir: string): string {
  const named = env[HEALTH_FILE_ENV];
  return named !== undefined && named.trim() !== '' ? named : join(stateDir, 'worker-health.json');
}

/** Writes a report now and every {@link HEALTH_INTERVAL_MS}; `stop()` writes the last one. */
export function startHealthReports(
  path: string,
  current: () => Omit<HealthReport, 'pid' | 'at'>,
  intervalMs: number = HEALTH_INTERVAL_MS,
): { stop(): Promise<void> } {
  let writing: Promise<void> = Promise.resolve();
  const write = () => {
    const report: HealthReport = { pid: process.pid, ...current(), at: Date.now() };
    // Write then rename, so a probe never reads half a file.
    const temporary = `${path}.${process.pid}.tmp`;
    writing = writing
      .then(() => writeFile(temporary, `${JSON.stringify(report)}\n`))
      .then(() => rename(temporary, path))
      .catch((error: unknown) => {
        console.warn(`could not write the health file ${path}: ${(error as Error).message}`);
      });
    return writing;
  };
  void write();
  const timer = setInterval(write, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await write();
    },
  };
}

/** Resolves with the report when the worker is healthy; throws {@link WorkerUnhealthyError}. */
export async function checkHealth(
  path: string,
  now: number = Date.now(),
  maxAgeMs: number = HEALTH_MAX_AGE_MS,
): Promise<HealthReport> {
  let report: HealthReport;
  try {
    report = JSON.parse(await readFile(path, 'utf8')) as HealthReport;
  } catch (error) {
    throw new WorkerUnhealthyError(
      `unhealthy: no readable health file at ${path} (${(error as Error).message}); ` +
        `the worker has not started polling yet, or it writes elsewhere (${HEALTH_FILE_ENV}).`,
      path,
    );
  }
  if (report.state !== 'RUNNING') {
    throw new WorkerUnhealthyError(
      `unhealthy: the worker (pid ${report.pid}) is ${report.state}, not polling.`,
      path,
    );
  }
  if (!processAlive(report.pid)) {
    throw new WorkerUnhealthyError(
      `unhealthy: the worker that wrote ${path} (pid ${report.pid}) is gone.`,
      path,
    );
  }
  const age = now - report.at;
  if (age > maxAgeMs) {
    throw new WorkerUnhealthyError(
      `unhealthy: the worker (pid ${report.pid}) last reported ${Math.round(age / 1000)}s ago ` +
        `(at most ${maxAgeMs / 1000}s expected): its event loop is stuck.`,
      path,
    );
  }
  return report;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
