/**
 * A cache of pinned checkouts: one detached `git worktree` of the source repository per commit,
 * created on first use and shared by every later step of every run at that commit.
 *
 * Layout: `<cacheDir>/<sha256(real repo path) prefix>/<full commit sha>`. A worktree is created
 * under a lock file beside it (`<sha>.lock`, holding the creator's pid), so concurrent callers in
 * one process or in several workers sharing the cache never race; a `<sha>.ready` marker written
 * after `git worktree add` succeeds tells later callers the checkout is complete.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure } from '@temporalio/common';
import { execa } from 'execa';

/** How often a caller waiting for another creator's lock looks again. */
export const CHECKOUT_LOCK_POLL_MS = 100;
/** How long a caller waits for another creator before giving up (retryably). */
export const CHECKOUT_LOCK_WAIT_MS = 5 * 60 * 1000;

export const CheckoutFailureType = {
  /** `repoPath` is not a git repository the worker can read. */
  repositoryNotFound: 'RepositoryNotFound',
  /** The repository does not contain the pinned commit. */
  commitNotFound: 'CommitNotFound',
  /** `git worktree add` failed for another reason. */
  checkoutFailed: 'CheckoutFailed',
  /** Another creator held the lock for longer than {@link CHECKOUT_LOCK_WAIT_MS}. */
  checkoutBusy: 'CheckoutBusy',
} as const;

export interface CheckoutCacheDeps {
  readonly cacheDir: string;
}

export interface PinnedCheckout {
  /** The source repository (a working tree or a bare repository). */
  readonly repoPath: string;
  /** A commit sha (full or abbreviated) or any revision `git rev-parse` resolves to a commit. */
  readonly commit: string;
}

export interface CheckoutCache {
  /**
   * Returns a directory holding exactly `commit` of `repoPath` (a detached worktree), creating it
   * once. Callers must not modify the directory: it is shared by later runs of the same commit.
   *
   * @throws ApplicationFailure `RepositoryNotFound` / `CommitNotFound` (non-retryable),
   *   `CheckoutFailed` / `CheckoutBusy` (retryable).
   */
  ensureCheckout(pin: PinnedCheckout): Promise<string>;
}

export function createCheckoutCache(deps: CheckoutCacheDeps): CheckoutCache {
  const inFlight = new Map<string, Promise<string>>();

  return {
    async ensureCheckout({ repoPath, commit }) {
      const repo = await resolveRepository(repoPath);
      const sha = await resolveCommit(repo, commit);
      const repoDir = join(deps.cacheDir, repoKey(repo));
      const target = join(repoDir, sha);
      const existing = inFlight.get(target);
      if (existing) return existing;
      const creation = createOnce(repo, sha, repoDir, target).finally(() =>
        inFlight.delete(target),
      );
      inFlight.set(target, creation);
      return creation;
    },
  };
}

/** The cache folder name for a repository: stable for one path, distinct across paths. */
export function repoKey(realRepoPath: string): string {
  return createHash('sha256').update(realRepoPath).digest('hex').slice(0, 16);
}

async function resolveRepository(repoPath: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(repoPath);
  } catch (error) {
    throw ApplicationFailure.create({
      message: `Repository ${repoPath} does not exist on this worker.`,
      type: CheckoutFailureType.repositoryNotFound,
      nonRetryable: true,
      cause: error as Error,
    });
  }
  const probe = await git(real, ['rev-parse', '--git-dir']);
  if (probe.exitCode !== 0) {
    throw ApplicationFailure.nonRetryable(
      `${repoPath} is not a git repository: ${probe.stderr.trim()}`,
      CheckoutFailureType.repositoryNotFound,
    );
  }
  return real;
}

async function resolveCommit(repo: string, commit: string): Promise<string> {
  if (commit.startsWith('-') || commit.trim() === '') {
    throw notFound(repo, commit);
  }
  const result = await git(repo, ['rev-parse', '--verify', '--quiet', `${commit}^{commit}`]);
  const sha = result.stdout.trim();
  if (result.exitCode !== 0 || !/^[0-9a-f]{40,64}$/.test(sha)) throw notFound(repo, commit);
  return sha;
}

function notFound(repo: string, commit: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(
    `Commit ${commit} is not in repository ${repo}. Fetch it into the worker's copy ` +
      '(`git fetch`) or run the runbook from a commit that exists there.',
    CheckoutFailureType.commitNotFound,
  );
}

async function createOnce(
  repo: string,
  sha: string,
  repoDir: string,
  target: string,
): Promise<string> {
  const ready = `${target}.ready`;
  if (await isReady(ready, target)) return target;
  await mkdir(repoDir, { recursive: true });
  const release = await acquireLock(`${target}.lock`);
  try {
    if (await isReady(ready, target)) return target;
    // A crash mid-creation leaves a partial worktree without the marker: start over.
    await rm(ready, { force: true });
    await rm(target, { recursive: true, force: true });
    await git(repo, ['worktree', 'prune']);
    const added = await git(repo, ['worktree', 'add', '--detach', target, sha]);
    if (added.exitCode !== 0) {
      throw ApplicationFailure.retryable(
        `git worktree add for commit ${sha} of ${repo} failed: ${added.stderr.trim()}`,
        CheckoutFailureType.checkoutFailed,
      );
    }
    await writeFile(ready, `${sha}\n`);
    return target;
  } finally {
    await release();
  }
}

/** Takes `lockPath` exclusively; a lock left by a process that no longer runs is taken over. */
async function acquireLock(lockPath: string): Promise<() => Promise<void>> {
  const deadline = Date.now() + CHECKOUT_LOCK_WAIT_MS;
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
    if (Date.now() > deadline) {
      throw ApplicationFailure.retryable(
        `Timed out waiting for ${lockPath}; if no worker is creating this checkout, delete the file.`,
        CheckoutFailureType.checkoutBusy,
      );
    }
    await sleep(CHECKOUT_LOCK_POLL_MS);
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

/** The marker exists and the worktree was not deleted behind the cache's back. */
async function isReady(ready: string, target: string): Promise<boolean> {
  return (await exists(ready)) && (await exists(join(target, '.git')));
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function git(cwd: string, args: readonly string[]) {
  return execa('git', args, { cwd, reject: false, stdin: 'ignore' });
}
