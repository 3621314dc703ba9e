// A local mirror of the source repository: one bare repository per clone URL under the cache
// folder, fetched under a lock so that several processes (a server, workers, CLIs sharing a
// home) can use one folder. Runs read whole commits from it; workers check commits out of it.
//
// Layout: `<cacheDir>/<sha256(location) prefix>.git` (branches under refs/heads, tags under
// refs/tags, pinned commits fetched by sha under refs/runbook/pins) and a `.lock` file beside it.
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type GitAuth, gitAuth, type SourceCredentials } from './credentials.js';
import { SourceError, SourceErrorCode } from './errors.js';
import { withFileLock } from './file-lock.js';
import { type GitResult, runGit } from './git-process.js';
import { checkRef, checkSha, isFullSha, mayBeSha } from './git-refs.js';
import { displayRepo, locationKey, type RepoLocation } from './repo-location.js';

/** How long a caller waits for another process fetching the same mirror. */
export const MIRROR_LOCK_WAIT_MS = 10 * 60 * 1000;

/** The refspecs a mirror fetches: branches and tags, not pull-request or other refs. */
const FETCH_REFSPECS = ['+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'];

export interface MirrorSettings {
  readonly location: RepoLocation;
  /** The folder holding every mirror (`$RUNBOOK_HOME/mirrors`). */
  readonly cacheDir: string;
  readonly credentials?: SourceCredentials;
  /** How long to wait for another process's lock (default {@link MIRROR_LOCK_WAIT_MS}). */
  readonly lockWaitMs?: number;
}

export interface Mirror {
  /** The bare repository on this machine. */
  readonly dir: string;
  readonly location: RepoLocation;
  /** Fetches every branch and tag and records the origin's default branch. */
  fetch(): Promise<void>;
  /** The origin's default branch (`main`), as of the last fetch (fetching first if none yet). */
  defaultBranch(): Promise<string>;
  /**
   * The full sha `ref` (a branch, tag, or full or abbreviated sha) names, after fetching; the
   * default branch's head when `ref` is absent.
   *
   * @throws SourceError RB8002 (refused ref), RB8003 (unknown ref), RB8004 (unknown sha),
   *   RB8005 (fetch failed), RB8007 (default branch unknown).
   */
  resolve(ref?: string): Promise<string>;
  /**
   * Makes sure the mirror holds commit `sha`: present already, or fetched by sha from the origin,
   * or (a server that refuses fetches by sha) with a full fetch.
   *
   * @throws SourceError RB8002 (not a full sha), RB8004 (the origin does not have it), RB8005.
   */
  ensureCommit(sha: string): Promise<void>;
}

/** The mirror of `settings.location`; it is created on first use. */
export function openMirror(settings: MirrorSettings): Mirror {
  const { location } = settings;
  const shown = displayRepo(location.location);
  const key = locationKey(location.location);
  const dir = join(settings.cacheDir, `${key}.git`);
  const lockPath = join(settings.cacheDir, `${key}.lock`);
  const lockOptions = {
    waitMs: settings.lockWaitMs ?? MIRROR_LOCK_WAIT_MS,
    timedOut: (path: string) =>
      new SourceError(
        SourceErrorCode.mirrorBusy,
        `timed out waiting for the mirror of ${shown} (lock ${path}); if no process is fetching it, delete the lock file`,
        shown,
      ),
  };
  const credentials = settings.credentials ?? {};
  let fetched = false;
  let fetching: Promise<void> | undefined;

  const git = (args: readonly string[], auth?: GitAuth) => runGit(dir, args, auth);
  const locked = <T>(work: () => Promise<T>) =>
    mkdir(settings.cacheDir, { recursive: true }).then(() =>
      withFileLock(lockPath, lockOptions, work),
    );
  const fetchFailed = (what: string, result: GitResult): SourceError =>
    new SourceError(
      SourceErrorCode.fetchFailed,
      `${what} from ${shown} failed: ${result.stderr || `git exited with ${result.exitCode}`}. Check that the repository exists and that this machine may read it (RUNBOOK_REPO_TOKEN or GITHUB_TOKEN for https, an ssh key for ssh)`,
      shown,
    );

  /** Creates the bare repository once (in a temp folder renamed into place). Holds the lock. */
  const create = async () => {
    if (await exists(join(dir, 'HEAD'))) return;
    const temp = `${dir}.tmp-${process.pid}`;
    await rm(temp, { recursive: true, force: true });
    const steps: string[][] = [
      ['init', '--bare', '--quiet', temp],
      ['-C', temp, 'config', 'remote.origin.url', location.location],
      ...FETCH_REFSPECS.map((spec) => ['-C', temp, 'config', '--add', 'remote.origin.fetch', spec]),
      ['-C', temp, 'config', 'gc.autoDetach', 'false'],
    ];
    for (const args of steps) {
      const result = await runGit(settings.cacheDir, args);
      if (result.exitCode !== 0) {
        throw new SourceError(
          SourceErrorCode.fetchFailed,
          `could not create the mirror of ${shown} in ${dir}: ${result.stderr}`,
          shown,
        );
      }
    }
    await rename(temp, dir);
  };

  /** `git fetch` of every branch and tag, then the default branch. Holds the lock. */
  const fetchAll = async () => {
    await create();
    const auth = await gitAuth(location, credentials);
    const result = await git(
      ['fetch', '--quiet', '--prune', '--no-recurse-submodules', 'origin'],
      auth,
    );
    if (result.exitCode !== 0) throw fetchFailed('fetching', result);
    const head = await git(['ls-remote', '--symref', 'origin', 'HEAD'], auth);
    if (head.exitCode !== 0) throw fetchFailed('reading the default branch', head);
    const branch = await detectDefaultBranch(head.stdout, () => branches(dir));
    if (branch === undefined) {
      throw new SourceError(
        SourceErrorCode.defaultBranchUnknown,
        `the default branch of ${shown} cannot be told: the origin names no HEAD and has several branches; name one with --ref`,
        shown,
      );
    }
    await git(['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
    fetched = true;
  };

  const fetch = (): Promise<void> => {
    // Callers in this process share one fetch at a time; other processes wait on the lock.
    fetching ??= locked(fetchAll).finally(() => {
      fetching = undefined;
    });
    return fetching;
  };

  const commitOf = async (revision: string): Promise<string | undefined> => {
    const result = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', revision]);
    const sha = result.stdout.trim();
    return result.exitCode === 0 && isFullSha(sha) ? sha : undefined;
  };
  const has = async (sha: string) =>
    (await exists(join(dir, 'HEAD'))) && (await commitOf(`${sha}^{commit}`)) === sha;

  const defaultBranch = async (): Promise<string> => {
    if (!fetched) await fetch();
    const head = await git(['symbolic-ref', '--short', 'HEAD']);
    return head.stdout.trim();
  };

  const ensureCommit = async (sha: string): Promise<void> => {
    checkSha(sha, shown);
    if (await has(sha)) return;
    await locked(async () => {
      if (await has(sha)) return;
      await create();
      const auth = await gitAuth(location, credentials);
      // By sha first (one commit's objects); a server that refuses it gets a full fetch.
      await git(
        [
          'fetch',
          '--quiet',
          '--no-recurse-submodules',
          '--end-of-options',
          'origin',
          `+${sha}:refs/runbook/pins/${sha}`,
        ],
        auth,
      );
      if (await has(sha)) return;
      await fetchAll();
      if (await has(sha)) return;
      throw new SourceError(
        SourceErrorCode.commitNotFound,
        `commit ${sha} is not in ${shown} (fetched every branch and tag, and the commit by its sha); the run was pinned to a commit the repository does not have: push it, or start the run again from a commit that is there`,
        shown,
      );
    });
  };

  const resolve = async (ref?: string): Promise<string> => {
    if (ref !== undefined) checkRef(ref, shown);
    await fetch();
    if (ref === undefined) {
      const branch = await defaultBranch();
      const sha = await commitOf(`refs/heads/${branch}^{commit}`);
      if (sha !== undefined) return sha;
      throw new SourceError(
        SourceErrorCode.refNotFound,
        `the default branch ${branch} of ${shown} has no commits yet`,
        shown,
      );
    }
    if (isFullSha(ref)) {
      await ensureCommit(ref);
      return ref;
    }
    const candidates = ref.startsWith('refs/') ? [ref] : [`refs/heads/${ref}`, `refs/tags/${ref}`];
    if (mayBeSha(ref)) candidates.push(ref);
    for (const candidate of candidates) {
      const sha = await commitOf(`${candidate}^{commit}`);
      if (sha !== undefined) return sha;
    }
    throw new SourceError(
      SourceErrorCode.refNotFound,
      `"${ref}" is no branch, tag or commit of ${shown}; list them with \`git ls-remote ${shown}\``,
      shown,
    );
  };

  return { dir, location, fetch, defaultBranch, resolve, ensureCommit };
}

/**
 * The default branch from `git ls-remote --symref origin HEAD` output (`ref: refs/heads/main\tHEAD`);
 * without a symref (an old or dumb server), the only branch, else `main` or `master` when exactly
 * one of them exists; `undefined` when that does not decide it.
 */
export async function detectDefaultBranch(
  lsRemoteOutput: string,
  listBranches: () => Promise<readonly string[]>,
): Promise<string | undefined> {
  for (const line of lsRemoteOutput.split('\n')) {
    const match = /^ref: refs\/heads\/(\S+)\tHEAD$/.exec(line.trim());
    if (match?.[1] !== undefined) return match[1];
  }
  const all = await listBranches();
  if (all.length === 1) return all[0];
  const usual = all.filter((name) => name === 'main' || name === 'master');
  return usual.length === 1 ? usual[0] : undefined;
}

async function branches(dir: string): Promise<string[]> {
  const result = await runGit(dir, ['for-each-ref', '--format=%(refname:lstrip=2)', 'refs/heads']);
  return result.stdout.split('\n').filter((name) => name !== '');
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
