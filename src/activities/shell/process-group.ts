/**
 * Ending a step's whole process tree. Every command runs detached, as the leader of its own
 * process group, so one signal to the group reaches the command and everything it started
 * (`sleep 600 &`, pipelines, `make -j` children) without walking the tree.
 */

/** Process groups of commands still running, killed if the worker process exits abruptly. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

export function trackGroup(pgid: number): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const group of liveGroups) signalGroup(group, 'SIGKILL');
    });
  }
  liveGroups.add(pgid);
}

export function untrackGroup(pgid: number): void {
  liveGroups.delete(pgid);
}

/** Sends `signal` to every process of the group; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/**
 * SIGTERM to the group now, SIGKILL after `graceMs` unless `stop()` is called first (when the
 * caller has seen every process of the group go away).
 */
export function terminateGroup(pgid: number, graceMs: number): { stop(): void } {
  if (!signalGroup(pgid, 'SIGTERM')) return { stop() {} };
  const timer = setTimeout(() => signalGroup(pgid, 'SIGKILL'), graceMs);
  timer.unref();
  return { stop: () => clearTimeout(timer) };
}
