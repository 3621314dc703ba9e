// `runbook validate`'s view of people.yaml: which files of the set are people directories (not
// runbooks), and which directory applies to each runbook — the nearest people.yaml beside it or
// in a folder above it, up to the repository root (outside a repository: up to the current
// folder when the runbook is below it, else just beside it).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../../runbook/index.js';
import {
  EMPTY_PEOPLE,
  PEOPLE_FILE_NAME,
  type PeopleDirectory,
  parsePeople,
  peopleFileCandidates,
} from '../../runbook/people/index.js';
import { gitOut } from './source-tree.js';

interface SourceFile {
  readonly file: string;
  readonly text: string;
}

export interface PeopleFiles {
  /** The runbooks of the set (every file not named people.yaml). */
  readonly runbooks: SourceFile[];
  /** Every people.yaml read, in the set or found above a runbook, for code frames. */
  readonly peopleTexts: SourceFile[];
  /** Problems in those people.yaml files. */
  readonly diagnostics: Diagnostic[];
  /**
   * The directory that applies to a runbook of the set: EMPTY_PEOPLE when there is none, and
   * `undefined` when its people.yaml is invalid (reported on its own; the runbook is then checked
   * only for what it proves alone).
   */
  directoryFor(file: string): PeopleDirectory | undefined;
}

/** Outside a repository people.yaml is looked for up to the current folder (if below it). */
export function outsideRepoRoot(dir: string, cwd: string): string {
  const up = relative(cwd, dir);
  return up === '' || (!up.startsWith('..') && !isAbsolute(up)) ? cwd : dir;
}

export function isPeopleFile(path: string): boolean {
  return basename(path) === PEOPLE_FILE_NAME;
}

/** Splits `files` (shown relative to `cwd`) and finds each runbook's people.yaml. */
export async function findPeopleFiles(
  files: readonly SourceFile[],
  cwd: string,
): Promise<PeopleFiles> {
  const peopleTexts: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const parsed = new Map<string, PeopleDirectory | undefined>();
  const roots = new Map<string, string>();
  const directories = new Map<string, PeopleDirectory | undefined>();

  const readPeople = async (abs: string, repoPath: string, known?: string) => {
    if (parsed.has(abs)) return parsed.get(abs);
    const shown = relative(cwd, abs) || abs;
    const text = known ?? (await readFile(abs, 'utf8'));
    peopleTexts.push({ file: shown, text });
    const result = parsePeople(text, shown);
    const directory = result.ok ? { ...result.directory, file: repoPath } : undefined;
    if (!result.ok) diagnostics.push(...result.diagnostics);
    parsed.set(abs, directory);
    return directory;
  };

  const rootOf = async (dir: string) => {
    let root = roots.get(dir);
    if (root === undefined) {
      root =
        (await gitOut(dir, ['rev-parse', '--show-toplevel']))?.trim() || outsideRepoRoot(dir, cwd);
      roots.set(dir, root);
    }
    return root;
  };

  const runbooks: SourceFile[] = [];
  for (const source of files) {
    const abs = resolve(cwd, source.file);
    const root = await rootOf(dirname(abs));
    const repoPath = relative(root, abs).split(sep).join('/');
    if (isPeopleFile(abs)) {
      await readPeople(abs, repoPath, source.text);
      continue;
    }
    runbooks.push(source);
    let directory: PeopleDirectory | undefined = EMPTY_PEOPLE;
    for (const candidate of peopleFileCandidates(repoPath)) {
      const candidateAbs = join(root, candidate);
      if (!existsSync(candidateAbs)) continue;
      directory = await readPeople(candidateAbs, candidate);
      break;
    }
    directories.set(source.file, directory);
  }
  return {
    runbooks,
    peopleTexts,
    diagnostics,
    directoryFor: (file) => (directories.has(file) ? directories.get(file) : EMPTY_PEOPLE),
  };
}
