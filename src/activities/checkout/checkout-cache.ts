/**
 * A cache of pinned checkouts: one detached `git worktree` of the source repository per commit,
 * created on first use and shared by every later step of every run at that commit.
 *
 * The source repository is a path on this machine (checked out from directly) or a clone URL:
 * then the commit is fetched on demand into this worker's own mirror (src/source/mirror.ts) and
 * checked out from there, so no folder is shared between the starter and the worker.
 *
 * Layout: `<cacheDir>/<sha256(real repo path or URL) prefix>/<full commit sha>`. A worktree is created
 * under a lock file beside it (`<sha>.lock`, holding the creator's pid), so concurrent callers in
 * one process or in several workers sharing the cache never race; a `<sha>.ready` marker written
 * after `git worktree add` succeeds tells later callers the checkout is complete.
 */
import { mkdir, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { execa } from 'execa';
import { SourceError, SourceErrorCode } from '../../source/errors.js';
import { acquireFileLock, LOCK_POLL_MS } from '../../source/file-lock.js';
import { checkSha } from '../../source/git-refs.js';
import type { MirrorSet } from '../../source/mirror-set.js';
import { displayRepo, locationKey } from '../../source/repo-location.js';

/** How often a caller waiting for another creator's lock looks again. */
export const CHECKOUT_LOCK_POLL_MS = LOCK_POLL_MS;
/** How long a caller waits for another creator before giving up (retryably). */
export const CHECKOUT_LOCK_WAIT_MS = 5 * 60 * 1000;

export const CheckoutFailureType = {
  /** `repoPath` is not a git repository the worker can read. */
  repositoryNotFound: 'RepositoryNotFound',
  /** The repository does not contain the pinned commit. */
  commitNotFound: 'CommitNotFound',
  /** `git worktree add` failed for another reason. */
  checkoutFailed: 'CheckoutFailed',
  /** Fetching the pinned commit from a clone URL failed (unreachable, credentials refused). */
  sourceFetchFailed: 'SourceFetchFailed',
  /** Another creator held the lock for longer than {@link CHECKOUT_LOCK_WAIT_MS}. */
  checkoutBusy: 'CheckoutBusy',
} as const;

export interface CheckoutCacheDeps {
  readonly cacheDir: string;
  /**
   * This worker's mirrors: how a clone URL (or a path that is not on this machine) is fetched.
   * Without it only paths on this machine can be checked out.
   */
  readonly mirrors?: MirrorSet;
}

export interface PinnedCheckout {
  /**
   * The source repository: a path on this machine (a working tree or a bare repository) or a
   * clone URL (https, ssh, file).
   */
  readonly repoPath: string;
  /**
   * For a path, a commit sha (full or abbreviated) or any revision `git rev-parse` resolves to a
   * commit; for a clone URL, a full commit sha.
   */
  readonly commit: string;
}

export interface CheckoutCache {
  /**
   * Returns a directory holding exactly `commit` of `repoPath` (a detached worktree), creating it
   * once. Callers must not modify the directory: it is shared by later runs of the same commit.
   *
   * @throws ApplicationFailure `RepositoryNotFound` / `CommitNotFound` (non-retryable),
   *   `CheckoutFailed` / `CheckoutBusy` / `SourceFetchFailed` (retryable).
   */
  ensureCheckout(pin: PinnedCheckout): Promise<string>;
}

export function createCheckoutCache(deps: CheckoutCacheDeps): CheckoutCache {
  const inFlight = new Map<string, Promise<string>>();

  return {
    async ensureCheckout({ repoPath, commit }) {
      const { repo, sha, key } = await locate(deps.mirrors, repoPath, commit);
      const repoDir = join(deps.cacheDir, key);
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
  return locationKey(realRepoPath);
}

/** The repository to run `git worktree add` in, the full sha, and the cache folder's key. */
async function locate(
  mirrors: MirrorSet | undefined,
  repoPath: string,
  commit: string,
): Promise<{ repo: string; sha: string; key: string }> {
  let mirror: ReturnType<MirrorSet['forRepo']>;
  try {
    mirror = mirrors?.forRepo(repoPath);
  } catch (error) {
    throw asFailure(error);
  }
  if (mirror === undefined) {
    const repo = await resolveRepository(repoPath);
    return { repo, sha: await resolveCommit(repo, commit), key: repoKey(repo) };
  }
  try {
    checkSha(commit, displayRepo(repoPath));
    await mirror.ensureCommit(commit);
  } catch (error) {
    throw asFailure(error);
  }
  return { repo: mirror.dir, sha: commit, key: locationKey(mirror.location.location) };
}

/** A mirror's {@link SourceError} as the activity failure a retry policy can name. */
function asFailure(error: unknown): unknown {
  if (!(error instanceof SourceError)) return error;
  const type =
    error.code === SourceErrorCode.commitNotFound || error.code === SourceErrorCode.invalidRef
      ? CheckoutFailureType.commitNotFound
      : error.code === SourceErrorCode.invalidRepository
        ? CheckoutFailureType.repositoryNotFound
        : error.code === SourceErrorCode.mirrorBusy
          ? CheckoutFailureType.checkoutBusy
          : CheckoutFailureType.sourceFetchFailed;
  return ApplicationFailure.create({
    message: error.message,
    type,
    nonRetryable: error.permanent,
    cause: error,
  });
}

async function resolveRepository(repoPath: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(repoPath);
  } catch (error) {
    throw ApplicationFailure.create({
      message: `Repository ${repoPath} does not exist on this worker. Pin runs to a clone URL (set RUNBOOK_REPO where runs are started), or set RUNBOOK_REPO on the worker to fetch from.`,
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

function acquireLock(lockPath: string): Promise<() => Promise<void>> {
  return acquireFileLock(lockPath, {
    waitMs: CHECKOUT_LOCK_WAIT_MS,
    timedOut: (path) =>
      ApplicationFailure.retryable(
        `Timed out waiting for ${path}; if no worker is creating this checkout, delete the file.`,
        CheckoutFailureType.checkoutBusy,
      ),
  });
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
