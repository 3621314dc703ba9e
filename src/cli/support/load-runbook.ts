// Loads what a run is made of — the runbook, its child runbooks (transitively) and the
// people.yaml that applies — and pins it: read whole from the repository's HEAD commit when every
// one of those files is committed and clean, else recorded as uncommitted with one content hash.
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  type Diagnostic,
  formatDiagnostic,
  parseRunbook,
  type RunbookDefinition,
  type Step,
} from '../../runbook/index.js';
import {
  EMPTY_PEOPLE,
  PEOPLE_FILE_NAME,
  type PeopleDirectory,
  parsePeople,
  peopleFileCandidates,
} from '../../runbook/people/index.js';
import { checkPeopleUse } from '../../runbook/validate-people.js';
import type { RunSource } from '../../workflows/types.js';
import { UsageError } from '../io.js';
import { outsideRepoRoot } from './people-files.js';
import { commitTree, gitOut, type SourceTree, workingTree } from './source-tree.js';

export interface LoadedRunbook {
  readonly definition: RunbookDefinition;
  readonly source: RunSource;
  /** Child runbooks referenced (transitively) by `runbook:` steps, by name. */
  readonly children: Record<string, RunbookDefinition>;
  /** The people.yaml beside the runbook or above it (EMPTY_PEOPLE when there is none). */
  readonly people: PeopleDirectory;
  /** Warnings to show the user (e.g. "running uncommitted changes"). */
  readonly notes: string[];
}

/** Where the run's files live: a folder, the runbook's path in it, and how to show paths. */
interface Layout {
  readonly root: string;
  readonly runbook: string;
  readonly peopleCandidates: readonly string[];
  /** Folders searched (in order) for a child runbook by its name. */
  readonly searchDirs: readonly string[];
  readonly show: (path: string) => string;
}

/** The run's files as read from one tree, path → text. */
interface Resolved {
  readonly definition: RunbookDefinition;
  readonly children: Record<string, RunbookDefinition>;
  readonly people: PeopleDirectory;
  readonly files: ReadonlyMap<string, string>;
}

function invalid(what: string, shown: string, text: string, diagnostics: Diagnostic[]): never {
  const report = diagnostics.map((d) => formatDiagnostic(d, text)).join('\n\n');
  throw new UsageError(`${shown} is not a valid ${what}:\n\n${report}`, 2);
}

function parseOrThrow(text: string, shown: string): RunbookDefinition {
  const parsed = parseRunbook(text, shown);
  if (!parsed.ok) invalid('runbook', shown, text, parsed.diagnostics);
  return parsed.runbook;
}

function childNames(steps: readonly Step[]): string[] {
  const names: string[] = [];
  for (const step of steps) {
    if (step.kind === 'runbook') names.push(step.runbook);
    if (step.kind === 'parallel' || step.kind === 'forEach') names.push(...childNames(step.steps));
  }
  return names;
}

/** The first file under `dirs` whose `metadata.name` is `name`. */
async function findByName(
  tree: SourceTree,
  dirs: readonly string[],
  name: string,
): Promise<string | undefined> {
  for (const dir of dirs) {
    for (const path of await tree.yamlFilesUnder(dir)) {
      if (basename(path) === PEOPLE_FILE_NAME) continue;
      const text = await tree.read(path);
      const parsed = text === undefined ? undefined : parseRunbook(text, path);
      if (parsed?.ok === true && parsed.runbook.name === name) return path;
    }
  }
  return undefined;
}

/** Reads the runbook, its children and its people.yaml from `tree`, validating each. */
async function resolveRun(tree: SourceTree, layout: Layout): Promise<Resolved> {
  const files = new Map<string, string>();
  const text = await tree.read(layout.runbook);
  if (text === undefined) {
    throw new UsageError(`${layout.show(layout.runbook)} is not in ${tree.label}`, 2);
  }
  files.set(layout.runbook, text);
  const definition = parseOrThrow(text, layout.show(layout.runbook));

  let people: PeopleDirectory = EMPTY_PEOPLE;
  for (const candidate of layout.peopleCandidates) {
    const peopleText = await tree.read(candidate);
    if (peopleText === undefined) continue;
    const parsed = parsePeople(peopleText, layout.show(candidate));
    if (!parsed.ok) invalid('people file', layout.show(candidate), peopleText, parsed.diagnostics);
    people = { ...parsed.directory, file: candidate };
    files.set(candidate, peopleText);
    break;
  }

  const children: Record<string, RunbookDefinition> = {};
  const queue = childNames(definition.steps);
  while (queue.length > 0) {
    const name = queue.shift();
    if (name === undefined || children[name] !== undefined) continue;
    const path = await findByName(tree, layout.searchDirs, name);
    const childText = path === undefined ? undefined : await tree.read(path);
    if (path === undefined || childText === undefined) {
      throw new UsageError(
        `${layout.show(layout.runbook)} calls runbook "${name}", which was not found in ${tree.label} under ${layout.searchDirs.map((d) => `${d || '.'}/`).join(' or ')}`,
        2,
      );
    }
    files.set(path, childText);
    const child = parseOrThrow(childText, layout.show(path));
    children[name] = child;
    queue.push(...childNames(child.steps));
  }

  // Who may approve is checked against the run's people.yaml before anything starts.
  for (const [path, fileText] of files) {
    if (path === people.file) continue;
    const problems = checkPeopleUse(fileText, layout.show(path), people);
    if (problems.length > 0) invalid('runbook', layout.show(path), fileText, problems);
  }
  return { definition, children, people, files };
}

/** How each file that makes up the run differs between the commit and the working tree. */
async function differences(
  paths: Iterable<string>,
  committed: SourceTree,
  working: SourceTree,
): Promise<string[]> {
  const out: string[] = [];
  for (const path of [...new Set(paths)].sort()) {
    const before = await committed.read(path);
    const now = await working.read(path);
    if (before === now) continue;
    out.push(
      `${path} ${before === undefined ? 'is not committed' : now === undefined ? 'is deleted in the working tree' : 'is modified'}`,
    );
  }
  return out;
}

/** One sha256 over every file of the run, sorted by path (path and length delimit each text). */
export function contentHash(files: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  for (const path of [...files.keys()].sort()) {
    const text = files.get(path) ?? '';
    hash.update(`${path}\0${Buffer.byteLength(text)}\0`).update(text);
  }
  return hash.digest('hex');
}

function uncommitted(absPath: string, resolved: Resolved): RunSource {
  return {
    repo: dirname(absPath),
    commit: null,
    path: absPath,
    contentHash: contentHash(resolved.files),
    dir: dirname(absPath),
  };
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/**
 * Resolves `<name|path>` to a validated definition pinned to its git commit. The runbook, its
 * children and its people.yaml are read from HEAD with git when none of them differs from it.
 * Otherwise (a file modified, not committed, or no repository at all) the run still starts: it
 * is recorded as uncommitted with one content hash over all its files, its steps work in the
 * runbook's folder, and a note names every file that differs.
 */
export async function loadRunbook(target: string, cwd: string): Promise<LoadedRunbook> {
  const gitRoot = (await gitOut(cwd, ['rev-parse', '--show-toplevel']))?.trim();
  let path = isAbsolute(target) ? target : resolve(cwd, target);
  if (!existsSync(path) || !statSync(path).isFile()) {
    const searchRoot = gitRoot ?? cwd;
    const byName = await findByName(workingTree(searchRoot), ['runbooks'], target);
    if (byName === undefined) {
      throw new UsageError(
        `no runbook file "${target}" and no runbook named "${target}" under ${join(searchRoot, 'runbooks')}/`,
        2,
      );
    }
    path = join(searchRoot, byName);
  }
  const show = (root: string) => (p: string) => relative(cwd, join(root, p)) || p;
  const fileRoot = (await gitOut(dirname(path), ['rev-parse', '--show-toplevel']))?.trim();

  if (fileRoot === undefined) {
    const root = outsideRepoRoot(dirname(path), cwd);
    const runbook = toPosix(relative(root, path));
    const folder = toPosix(dirname(runbook)).replace(/^\.$/, '');
    const layout: Layout = {
      root,
      runbook,
      peopleCandidates: peopleFileCandidates(runbook),
      searchDirs: [folder === '' ? 'runbooks' : `${folder}/runbooks`, folder],
      show: show(root),
    };
    const resolved = await resolveRun(workingTree(root), layout);
    return {
      ...resolved,
      source: uncommitted(path, resolved),
      notes: [
        `${path} is not in a git repository: running it as uncommitted (steps work in ${dirname(path)}); files: ${[...resolved.files.keys()].sort().join(', ')}`,
      ],
    };
  }

  const runbook = toPosix(relative(fileRoot, path));
  const layout: Layout = {
    root: fileRoot,
    runbook,
    peopleCandidates: peopleFileCandidates(runbook),
    searchDirs: ['runbooks', toPosix(dirname(runbook)).replace(/^\.$/, '')],
    show: show(fileRoot),
  };
  const working = workingTree(fileRoot);
  const onDisk = await resolveRun(working, layout);
  const commit = (await gitOut(fileRoot, ['rev-parse', '--verify', 'HEAD']))?.trim();
  if (commit !== undefined && commit !== '') {
    const committed = commitTree(fileRoot, commit);
    const atCommit = await resolveRun(committed, layout).catch(() => undefined);
    const changed = await differences(
      [...onDisk.files.keys(), ...(atCommit?.files.keys() ?? [])],
      committed,
      working,
    );
    if (atCommit !== undefined && changed.length === 0) {
      const { definition, children, people } = atCommit;
      return {
        definition,
        children,
        people,
        source: { repo: fileRoot, commit, path: runbook },
        notes: [],
      };
    }
    return {
      ...onDisk,
      source: uncommitted(path, onDisk),
      notes: [
        `running uncommitted changes, not commit ${commit.slice(0, 12)} (steps work in ${dirname(path)}): ${changed.join('; ')}`,
      ],
    };
  }
  return {
    ...onDisk,
    source: uncommitted(path, onDisk),
    notes: [
      `${runbook} is in a repository without commits: running it as uncommitted (steps work in ${dirname(path)}); files: ${[...onDisk.files.keys()].sort().join(', ')}`,
    ],
  };
}

/** A runbook found in one commit: where it is and what it says of itself. */
export interface RunbookAtCommit {
  readonly name: string;
  readonly path: string;
  readonly description?: string;
}

/** Every valid runbook under `runbooks/` at `commit` (invalid files are left out). */
export async function listRunbooksAtCommit(
  root: string,
  commit: string,
): Promise<RunbookAtCommit[]> {
  const tree = commitTree(root, commit);
  const found: RunbookAtCommit[] = [];
  for (const path of await tree.yamlFilesUnder('runbooks')) {
    if (basename(path) === PEOPLE_FILE_NAME) continue;
    const text = await tree.read(path);
    const parsed = text === undefined ? undefined : parseRunbook(text, path);
    if (parsed?.ok !== true) continue;
    const { name, description } = parsed.runbook;
    found.push({ name, path, ...(description === undefined ? {} : { description }) });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Loads the runbook named `name` (under `runbooks/`), its children and its people.yaml, all read
 * from `commit` of the repository at `root` — never from a working tree. `repo` is what the run
 * records as its source (what every worker can fetch: a clone URL, or `root` itself).
 */
export async function loadRunbookAtCommit(
  root: string,
  commit: string,
  name: string,
  repo: string = root,
): Promise<LoadedRunbook> {
  const tree = commitTree(root, commit);
  const path = await findByName(tree, ['runbooks'], name);
  if (path === undefined) {
    throw new UsageError(`no runbook named "${name}" under runbooks/ in ${tree.label}`, 2);
  }
  const layout: Layout = {
    root,
    runbook: path,
    peopleCandidates: peopleFileCandidates(path),
    searchDirs: ['runbooks', toPosix(dirname(path)).replace(/^\.$/, '')],
    show: (p) => p,
  };
  const { definition, children, people } = await resolveRun(tree, layout);
  return { definition, children, people, source: { repo, commit, path }, notes: [] };
}
