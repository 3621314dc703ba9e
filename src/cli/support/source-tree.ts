// Two ways to read the files of a run: from a commit of a git repository (what a pinned run is
// made of) and from the working tree (what the user has on disk). Paths are relative to `root`,
// with `/` separators, the way git names them.
import { execFile } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isTestFileName } from '../../runbook-test/parse-test-file.js';
import { UsageError } from '../errors.js';
import { readRunbookFile } from './read-runbook-file.js';

const execFileAsync = promisify(execFile);

export interface SourceTree {
  /** What the files are read from, for messages: `commit 1a2b3c4` or `the working tree`. */
  readonly label: string;
  /** The text of `path`, or `undefined` when the tree has no such file. */
  read(path: string): Promise<string | undefined>;
  /** Every `*.yaml` / `*.yml` file under `dir` (`''` for the root) but test files, sorted. */
  yamlFilesUnder(dir: string): Promise<string[]>;
}

const YAML_FILE = /\.ya?ml$/;

/** Runs git in `cwd`; `undefined` when git fails (not a repository, no such object …). */
export async function gitOut(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync('git', args, { cwd, maxBuffer: 32 * 1024 * 1024 });
    return stdout;
  } catch {
    return undefined;
  }
}

/** The files of `commit` in the repository at `root`, read with `git ls-tree` and `git show`. */
export function commitTree(root: string, commit: string): SourceTree {
  const texts = new Map<string, Promise<string | undefined>>();
  return {
    label: `commit ${commit.slice(0, 12)}`,
    read(path) {
      let text = texts.get(path);
      if (text === undefined) {
        text = (async () => {
          // `cat-file -e` first: `git show` of a folder would print a listing, not fail.
          const type = (await gitOut(root, ['cat-file', '-t', `${commit}:${path}`]))?.trim();
          if (type !== 'blob') return undefined;
          return gitOut(root, ['show', `${commit}:${path}`]);
        })();
        texts.set(path, text);
      }
      return text;
    },
    async yamlFilesUnder(dir) {
      const listing = await gitOut(root, [
        'ls-tree',
        '-r',
        '-z',
        '--name-only',
        commit,
        '--',
        dir === '' ? '.' : `${dir}/`,
      ]);
      return (listing ?? '')
        .split('\0')
        .filter((path) => YAML_FILE.test(path) && !isTestFileName(path))
        .sort();
    },
  };
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The files on disk under `root`. */
export function workingTree(root: string): SourceTree {
  const walk = (dir: string): string[] => {
    const abs = join(root, dir);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) return [];
    const found: string[] = [];
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) found.push(...walk(path));
      else if (YAML_FILE.test(entry.name) && !isTestFileName(entry.name)) found.push(path);
    }
    return found;
  };
  return {
    label: 'the working tree',
    /**
     * Only regular files inside the repository are read (symlinks resolved and refused when they
     * leave it or name a directory, FIFO or device); the target of a refused link is never read,
     * so it cannot be echoed into an error.
     */
    async read(path) {
      const abs = join(root, path);
      if (!existsSync(abs) && !isLink(abs)) return undefined;
      const read = await readRunbookFile(abs, path, root);
      if (read.ok) return read.text;
      const { diagnostic } = read;
      throw new UsageError(
        `${path}: ${diagnostic.message} [${diagnostic.code}]${diagnostic.hint === undefined ? '' : `\n  hint: ${diagnostic.hint}`}`,
        2,
      );
    },
    async yamlFilesUnder(dir) {
      return walk(dir).sort();
    },
  };
}
