// The runbooks a long-running process (the server, the Action) can start: read by name from one
// commit of the source repository, never from a working tree someone may be editing.
import { UsageError } from '../cli/io.js';
import {
  type LoadedRunbook,
  listRunbooksAtCommit,
  loadRunbookAtCommit,
} from '../cli/support/load-runbook.js';
import { commitTree, gitOut, type SourceTree } from '../cli/support/source-tree.js';

export interface CatalogEntry {
  readonly name: string;
  /** The file, relative to the repository root. */
  readonly path: string;
  readonly description?: string;
}

export interface RunbookCatalog {
  /** The full sha `ref` names (default: the default branch head), after fetching. */
  resolve(ref?: string): Promise<string>;
  /** Every valid runbook under `runbooks/` at `sha`, sorted by name. */
  list(sha: string): Promise<CatalogEntry[]>;
  /** The runbook, its children and its people.yaml at `sha`; `UsageError` (exit 2) if unknown or invalid. */
  load(name: string, sha: string): Promise<LoadedRunbook>;
  /** The files of `sha` as they are (fetched first), for checks that point at lines in them. */
  files?(sha: string): Promise<SourceTree>;
}

const SAFE_REF = /^[A-Za-z0-9][A-Za-z0-9._/@{}^~-]{0,254}$/;

/**
 * A catalog over a repository on this machine (a clone or a bare repository): `resolve` reads
 * its refs as they are, without fetching.
 */
export function localCatalog(root: string): RunbookCatalog {
  return {
    async resolve(ref = 'HEAD') {
      // A ref is hostile input (a Slack field, a comment): never an option, never a range.
      if (!SAFE_REF.test(ref) || ref.includes('..')) {
        throw new UsageError(`"${ref}" is not a branch, tag or commit name`, 2);
      }
      const sha = (
        await gitOut(root, ['rev-parse', '--verify', '--end-of-options', `${ref}^{commit}`])
      )?.trim();
      if (sha === undefined || sha === '') {
        throw new UsageError(`no commit "${ref}" in ${root}`, 2);
      }
      return sha;
    },
    list: (sha) => listRunbooksAtCommit(root, sha),
    load: (name, sha) => loadRunbookAtCommit(root, sha, name),
    files: async (sha) => commitTree(root, sha),
  };
}
