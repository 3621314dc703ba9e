import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { formatDiagnostic, parseRunbook } from '../../runbook/index.js';
import type { RunbookDefinition, Step } from '../../runbook/model.js';
import type { RunSource } from '../../workflows/types.js';
import { UsageError } from '../io.js';

const git = promisify(execFile);

export interface LoadedRunbook {
  readonly definition: RunbookDefinition;
  readonly source: RunSource;
  /** Child runbooks referenced (transitively) by `runbook:` steps, by name. */
  readonly children: Record<string, RunbookDefinition>;
  /** Warnings to show the user (e.g. "running uncommitted changes"). */
  readonly notes: string[];
}

async function gitOut(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await git('git', args, { cwd, maxBuffer: 8 * 1024 * 1024 });
    return stdout;
  } catch {
    return undefined;
  }
}

function yamlFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...yamlFilesUnder(path));
    else if (/\.ya?ml$/.test(entry.name)) found.push(path);
  }
  return found;
}

/** Reads a name's file from `runbooks/` of the repository (or cwd), by `metadata.name`. */
function findByName(root: string, name: string): string | undefined {
  for (const file of yamlFilesUnder(join(root, 'runbooks'))) {
    const text = readFileSync(file, 'utf8');
    const parsed = parseRunbook(text, file);
    if (parsed.ok && parsed.runbook.name === name) return file;
  }
  return undefined;
}

function parseOrThrow(text: string, shownPath: string): RunbookDefinition {
  const parsed = parseRunbook(text, shownPath);
  if (!parsed.ok) {
    const report = parsed.diagnostics.map((d) => formatDiagnostic(d, text)).join('\n\n');
    throw new UsageError(`${shownPath} is not a valid runbook:\n\n${report}`, 2);
  }
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

/**
 * Resolves `<name|path>` to a validated definition pinned to its git commit. A file outside any
 * repository, or with uncommitted changes, still runs: it is recorded as uncommitted with a
 * content hash, and its steps work in the file's folder.
 */
export async function loadRunbook(target: string, cwd: string): Promise<LoadedRunbook> {
  const notes: string[] = [];
  const gitRoot = (await gitOut(cwd, ['rev-parse', '--show-toplevel']))?.trim();
  let path = isAbsolute(target) ? target : resolve(cwd, target);
  if (!existsSync(path) || !statSync(path).isFile()) {
    const byName = findByName(gitRoot ?? cwd, target);
    if (byName === undefined) {
      throw new UsageError(
        `no runbook file "${target}" and no runbook named "${target}" under ${join(gitRoot ?? cwd, 'runbooks')}/`,
        2,
      );
    }
    path = byName;
  }
  const fileRoot = (await gitOut(dirname(path), ['rev-parse', '--show-toplevel']))?.trim();
  const text = readFileSync(path, 'utf8');
  let source: RunSource;
  let readSibling: (file: string) => string | undefined;
  if (fileRoot !== undefined) {
    const relPath = relative(fileRoot, path);
    const commit = (await gitOut(fileRoot, ['rev-parse', 'HEAD']))?.trim();
    const dirty = (await gitOut(fileRoot, ['status', '--porcelain', '--', relPath]))?.trim();
    if (commit !== undefined && dirty === '') {
      source = { repo: fileRoot, commit, path: relPath };
      readSibling = (file) => {
        try {
          return readFileSync(file, 'utf8');
        } catch {
          return undefined;
        }
      };
    } else {
      notes.push(
        `${relPath} has uncommitted changes: running it as uncommitted (steps work in ${dirname(path)})`,
      );
      source = uncommittedSource(path, text);
      readSibling = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
    }
  } else {
    notes.push(
      `${path} is not in a git repository: running it as uncommitted (steps work in ${dirname(path)})`,
    );
    source = uncommittedSource(path, text);
    readSibling = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
  }
  const shown = relative(cwd, path) || path;
  const definition = parseOrThrow(text, shown);
  const children: Record<string, RunbookDefinition> = {};
  const queue = childNames(definition.steps);
  const searchRoot = fileRoot ?? dirname(path);
  while (queue.length > 0) {
    const name = queue.shift();
    if (name === undefined || children[name] !== undefined) continue;
    const file = findByName(searchRoot, name) ?? findByNameIn(dirname(path), name);
    const childText = file === undefined ? undefined : readSibling(file);
    if (file === undefined || childText === undefined) {
      throw new UsageError(
        `${shown} calls runbook "${name}", which was not found under ${join(searchRoot, 'runbooks')}/`,
        2,
      );
    }
    const child = parseOrThrow(childText, relative(cwd, file));
    children[name] = child;
    queue.push(...childNames(child.steps));
  }
  return { definition, source, children, notes };
}

function findByNameIn(dir: string, name: string): string | undefined {
  for (const file of yamlFilesUnder(dir)) {
    const parsed = parseRunbook(readFileSync(file, 'utf8'), file);
    if (parsed.ok && parsed.runbook.name === name) return file;
  }
  return undefined;
}

function uncommittedSource(path: string, text: string): RunSource {
  const contentHash = createHash('sha256').update(text).digest('hex');
  return { repo: dirname(path), commit: null, path, contentHash, dir: dirname(path) };
}
