import type { ChildProcess } from 'node:child_process';

/**
 * Children that must not outlive this process. On a normal exit or a SIGINT/SIGTERM we kill them
 * synchronously, so an interrupted test run or demo leaves no `temporal` or `java` behind.
 */
const tracked = new Set<ChildProcess>();
let hooksInstalled = false;

function killAll(): void {
  for (const child of tracked) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  tracked.clear();
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      // Re-raise with the default handler so the exit status still says "killed by signal".
      process.kill(process.pid, signal);
    });
  }
}

export function trackChild(child: ChildProcess): void {
  installHooks();
  tracked.add(child);
  child.once('exit', () => tracked.delete(child));
}

/** Stops a child politely (SIGTERM), then forcefully after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  tracked.delete(child);
}
