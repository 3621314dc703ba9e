// An exclusive lock shared by processes through a file created with O_EXCL: what the checkout
// cache and the mirror hold while they change a folder other workers may be reading.
import { open, readFile, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** How often a caller waiting for another holder's lock looks again. */
export const LOCK_POLL_MS = 100;

export interface FileLockOptions {
  /** How long to wait for another holder before giving up. */
  readonly waitMs: number;
  /** The error to throw when `waitMs` runs out. */
  readonly timedOut: (lockPath: string) => Error;
}

/**
 * Takes `lockPath` exclusively (it holds the holder's pid) and returns its release. A lock left
 * by a process that no longer runs on this machine is taken over.
 */
export async function acquireFileLock(
  lockPath: string,
  options: FileLockOptions,
): Promise<() => Promise<void>> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isStale(lockPath)) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw options.timedOut(lockPath);
    await sleep(LOCK_POLL_MS);
  }
}

/** Runs `work` while holding `lockPath`. */
export async function withFileLock<T>(
  lockPath: string,
  options: FileLockOptions,
  work: () => Promise<T>,
): Promise<T> {
  const release = await acquireFileLock(lockPath, options);
  try {
    return await work();
  } finally {
    await release();
  }
}

async function isStale(lockPath: string): Promise<boolean> {
  let owner: number;
  try {
    owner = Number.parseInt(await readFile(lockPath, 'utf8'), 10);
  } catch {
    return false; // just released, or being written: look again
  }
  if (!Number.isInteger(owner) || owner <= 0) return false;
  try {
    process.kill(owner, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
