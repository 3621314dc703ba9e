import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Children that must not outlive this process. On a normal exit or a SIGINT/SIGTERM we kill them
 * synchronously, so an interrupted test run or demo leaves no `temporal` or `java` behind.
 */
const tracked = new Set<ChildProcess>();
let hooksInstalled = false;

/**
 * Direct children of this process that we did not spawn ourselves — notably the servers the
 * Temporal SDK starts from native code (`TestWorkflowEnvironment`), which it does not stop when
 * the process exits. Linux only (reads /proc); elsewhere, none.
 */
function untrackedChildren(): number[] {
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so split after ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) pids.push(Number(entry));
    } catch {
      // gone already
    }
  }
  return pids;
}

function killAll(): void {
  for (const child of tracked) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  tracked.clear();
  for (const pid of untrackedChildren()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once('exit', killAll);
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.once(signal, () => {
      killAll();
      // Exit rather than re-raise: other handlers (the Temporal SDK's runtime installs its own
      // for SIGINT/SIGTERM) would swallow a re-raised signal and leave this process running.
      process.exit(code);
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
