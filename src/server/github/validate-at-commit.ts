// `runbook validate` over one commit: every runbook under `runbooks/` read from git (not a working
// tree), each checked against the people.yaml nearest to it, and the set checked together
// (child runbooks, duplicate names). Diagnostics carry the exact file, line and column.
import type { SourceTree } from '../../cli/support/source-tree.js';
import { compareDiagnostics } from '../../runbook/diagnostics.js';
import { type Diagnostic, validateRunbookSet } from '../../runbook/index.js';
import {
  EMPTY_PEOPLE,
  type PeopleDirectory,
  parsePeople,
  peopleFileCandidates,
} from '../../runbook/people/index.js';
import { isRunbookPath } from './changed-files.js';

export interface CommitValidation {
  /** Every diagnostic of every runbook and people.yaml read, sorted by file and position. */
  readonly diagnostics: Diagnostic[];
  /** The text of every file read, by repository path. */
  readonly texts: ReadonlyMap<string, string>;
}

/**
 * Validates the runbooks of `tree`, and also the people.yaml files in `extraPeople` (changed
 * files that may govern no runbook yet).
 */
export async function validateAtCommit(
  tree: SourceTree,
  extraPeople: readonly string[] = [],
): Promise<CommitValidation> {
  const texts = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const people = new Map<string, PeopleDirectory | undefined | null>();

  /** The directory at `path`: null when there is no such file, undefined when it is invalid. */
  const readPeople = async (path: string): Promise<PeopleDirectory | undefined | null> => {
    if (people.has(path)) return people.get(path);
    const text = await tree.read(path);
    let directory: PeopleDirectory | undefined | null = null;
    if (text !== undefined) {
      texts.set(path, text);
      const parsed = parsePeople(text, path);
      if (parsed.ok) directory = { ...parsed.directory, file: path };
      else {
        diagnostics.push(...parsed.diagnostics);
        directory = undefined;
      }
    }
    people.set(path, directory);
    return directory;
  };

  const files: Array<{ file: string; text: string }> = [];
  const directories = new Map<string, PeopleDirectory | undefined>();
  for (const path of await tree.yamlFilesUnder('runbooks')) {
    if (!isRunbookPath(path)) continue;
    const text = await tree.read(path);
    if (text === undefined) continue;
    texts.set(path, text);
    files.push({ file: path, text });
    let directory: PeopleDirectory | undefined = EMPTY_PEOPLE;
    for (const candidate of peopleFileCandidates(path)) {
      const found = await readPeople(candidate);
      if (found === null) continue;
      directory = found;
      break;
    }
    directories.set(path, directory);
  }
  for (const path of extraPeople) await readPeople(path);
  const checked = validateRunbookSet(files, {
    people: (file) => (directories.has(file) ? directories.get(file) : EMPTY_PEOPLE),
  });
  return { diagnostics: [...diagnostics, ...checked.diagnostics].sort(compareDiagnostics), texts };
}
