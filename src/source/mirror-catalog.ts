// The catalog over the source repository's mirror: names resolve at a fetched commit, runbooks
// are read whole from that commit of the bare mirror, and the run pins the clone URL (what every
// worker can fetch), never this machine's mirror folder.
import {
  type LoadedRunbook,
  listRunbooksAtCommit,
  loadRunbookAtCommit,
} from '../cli/support/load-runbook.js';
import { commitTree } from '../cli/support/source-tree.js';
import type { CatalogEntry, RunbookCatalog } from './catalog.js';
import { type Mirror, openMirror } from './mirror.js';
import { parseRepoLocation } from './repo-location.js';

/** What opens a catalog: RUNBOOK_REPO, where its mirror lives, and its credentials. */
export interface CatalogSettings {
  /** A clone URL (https, ssh, file) or a path. */
  readonly repo: string;
  /** The folder holding the mirrors (`$RUNBOOK_HOME/mirrors`). */
  readonly cacheDir: string;
  /** RUNBOOK_REPO_TOKEN or GITHUB_TOKEN, for an https origin. */
  readonly token?: string | undefined;
  /** A GitHub App installation token source; asked before each fetch, ahead of `token`. */
  readonly tokenProvider?: (() => Promise<string>) | undefined;
  /** What a relative path is taken from (default: this process's working directory). */
  readonly cwd?: string | undefined;
}

/**
 * The catalog of `settings.repo`, read through its mirror under `settings.cacheDir`.
 *
 * @throws SourceError RB8001 when the repository is refused.
 */
export function openMirrorCatalog(settings: CatalogSettings): RunbookCatalog {
  const { token, tokenProvider } = settings;
  return mirrorCatalog(
    openMirror({
      location: parseRepoLocation(settings.repo, settings.cwd ?? process.cwd()),
      cacheDir: settings.cacheDir,
      credentials: {
        ...(token === undefined ? {} : { token }),
        ...(tokenProvider === undefined ? {} : { tokenProvider }),
      },
    }),
  );
}

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
    async files(sha) {
      await mirror.ensureCommit(sha);
      return commitTree(mirror.dir, sha);
    },
  };
}
