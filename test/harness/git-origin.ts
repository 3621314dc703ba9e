import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * A bare repository standing in for a remote origin (GitHub, a git server), reachable as a
 * `file://` URL, with a work clone to push from: what the source repository tests fetch.
 */
export interface GitOrigin {
  /** The bare repository's folder. */
  readonly bare: string;
  /** `file:///…/origin.git`: a clone URL, not a path, as RUNBOOK_REPO would hold. */
  readonly url: string;
  /**
   * Commits `files` (path → content; `null` deletes) on `branch` (default: the default branch)
   * and pushes it; returns the new commit's full sha.
   */
  push(
    files: Readonly<Record<string, string | null>>,
    options?: { readonly branch?: string; readonly tag?: string; readonly ref?: string },
  ): string;
}

const IDENTITY = ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t'];

/** A fresh origin whose default branch is `defaultBranch` (default `main`), with one commit. */
export function createGitOrigin(
  files: Readonly<Record<string, string>>,
  defaultBranch = 'main',
): GitOrigin {
  const root = mkdtempSync(join(tmpdir(), 'rr-origin-'));
  const bare = join(root, 'origin.git');
  const work = join(root, 'work');
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', [...IDENTITY, ...args], { cwd, encoding: 'utf8' }).trim();
  execFileSync('git', ['init', '-q', '--bare', '-b', defaultBranch, bare]);
  execFileSync('git', ['init', '-q', '-b', defaultBranch, work]);
  git(work, 'remote', 'add', 'origin', bare);
  const push: GitOrigin['push'] = (changes, options = {}) => {
    const branch = options.branch ?? defaultBranch;
    const current = git(work, 'branch', '--show-current');
    if (current !== branch) {
      const known = git(work, 'branch', '--list', branch) !== '';
      git(work, 'checkout', '-q', ...(known ? [branch] : ['-b', branch]));
    }
    for (const [name, content] of Object.entries(changes)) {
      const path = join(work, name);
      if (content === null) rmSync(path, { force: true });
      else {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, content);
      }
    }
    git(work, 'add', '--all');
    git(work, 'commit', '-q', '--allow-empty', '-m', `change ${Object.keys(changes).join(', ')}`);
    const sha = git(work, 'rev-parse', 'HEAD');
    if (options.ref !== undefined) git(work, 'push', '-q', 'origin', `HEAD:${options.ref}`);
    else git(work, 'push', '-q', 'origin', branch);
    if (options.tag !== undefined) {
      git(work, 'tag', '-a', '-m', options.tag, options.tag);
      git(work, 'push', '-q', 'origin', options.tag);
    }
    return sha;
  };
  push(files);
  return { bare, url: pathToFileURL(bare).href, push };
}
