// The `ref` input: the runbook is read from that commit of the job's repository, checked out
// into a temporary git worktree when it is not what the job has checked out.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { shown } from '../runbook/bounded-text.js';
import { ActionError } from './errors.js';

const run = promisify(execFile);

/** How long one git command may take (a fetch of one ref over the network). */
const GIT_TIMEOUT_MS = 120_000;

async function git(cwd: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run('git', [...args], {
    cwd,
    timeout: GIT_TIMEOUT_MS,
    maxBuffer: 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });
  return stdout.trim();
}

async function commitOf(cwd: string, ref: string): Promise<string | undefined> {
  return git(cwd, [
    'rev-parse',
    '--verify',
    '--quiet',
    '--end-of-options',
    `${ref}^{commit}`,
  ]).catch(() => undefined);
}

export interface RefCheckout {
  /** Where to read the runbook: the workspace itself, or the temporary worktree. */
  readonly dir: string;
  /** The commit checked out there. */
  readonly commit: string;
  /** Removes the temporary worktree (nothing for the workspace). */
  remove(): Promise<void>;
}

/** A ref git accepts as a name and that no git command could take for an option. */
function checkRefText(ref: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (ref.startsWith('-') || /[\s\u0000-\u001f\u007f]/.test(ref) || ref.length > 255) {
    throw new ActionError(
      'RB8081',
      `the input "ref" is "${shown(ref, 80)}": give a branch, tag or commit SHA`,
    );
  }
}

/**
 * `ref` resolved in the workspace's repository — fetched from `origin` when the checkout lacks it
 * (actions/checkout fetches one commit by default) — and checked out as a detached worktree in a
 * temporary folder, unless it is the commit the workspace has checked out already.
 *
 * @throws ActionError RB8081 for a ref that is not a ref name, RB8083 when it cannot be resolved
 *   or checked out.
 */
export async function checkoutRef(workspace: string, ref: string): Promise<RefCheckout> {
  checkRefText(ref);
  const head = await git(workspace, ['rev-parse', '--verify', 'HEAD']).catch((error: unknown) => {
    throw new ActionError(
      'RB8083',
      `${workspace} (GITHUB_WORKSPACE) is not a git checkout: run actions/checkout before this action`,
      { cause: error },
    );
  });
  let commit = await commitOf(workspace, ref);
  if (commit === undefined) {
    try {
      await git(workspace, ['fetch', '--quiet', '--no-tags', 'origin', '--end-of-options', ref]);
    } catch (error) {
      throw new ActionError(
        'RB8083',
        `ref "${shown(ref, 80)}" is not in the checkout and could not be fetched from origin (${shown((error as Error).message, 300)}); check the name, or check out with fetch-depth: 0`,
        { cause: error },
      );
    }
    commit = await commitOf(workspace, 'FETCH_HEAD');
    if (commit === undefined) {
      throw new ActionError('RB8083', `ref "${shown(ref, 80)}" was fetched but names no commit`);
    }
  }
  if (commit === head) return { dir: workspace, commit, remove: async () => undefined };
  const dir = await mkdtemp(join(tmpdir(), 'runbook-ref-'));
  try {
    await git(workspace, ['worktree', 'add', '--quiet', '--detach', dir, commit]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new ActionError(
      'RB8083',
      `could not check out ${commit.slice(0, 12)} (ref "${shown(ref, 80)}") into a worktree: ${shown((error as Error).message, 300)}`,
      { cause: error },
    );
  }
  return {
    dir,
    commit,
    async remove() {
      await git(workspace, ['worktree', 'remove', '--force', dir]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
