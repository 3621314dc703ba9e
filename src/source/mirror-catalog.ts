// The catalog over the source repository's mirror: names resolve at a fetched commit, runbooks
// are read whole from that commit of the bare mirror, and the run pins the clone URL (what every
// worker can fetch), never this machine's mirror folder.
import {
  type LoadedRunbook,
  listRunbooksAtCommit,
  loadRunbookAtCommit,
} from '../cli/support/load-runbook.js';
import type { CatalogEntry, RunbookCatalog } from './catalog.js';
import type { Mirror } from './mirror.js';

/** A {@link RunbookCatalog} reading from `mirror`; `resolve` fetches first. */
export function mirrorCatalog(mirror: Mirror): RunbookCatalog {
  const repo = mirror.location.location;
  return {
    resolve: (ref) => mirror.resolve(ref),
    async list(sha): Promise<CatalogEntry[]> {
      await mirror.ensureCommit(sha);
      return listRunbooksAtCommit(mirror.dir, sha);
    },
    async load(name, sha): Promise<LoadedRunbook> {
      await mirror.ensureCommit(sha);
      return loadRunbookAtCommit(mirror.dir, sha, name, repo);
    },
  };
}
