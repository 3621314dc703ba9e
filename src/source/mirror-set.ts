// The mirrors one process keeps, by repository: what a worker fetches a pinned run's commit
// through when the run names a clone URL, or a path that is not on this machine.
import { existsSync } from 'node:fs';
import type { SourceCredentials } from './credentials.js';
import { type Mirror, openMirror } from './mirror.js';
import { looksLikeUrl, parseRepoLocation, type RepoLocation } from './repo-location.js';
import type { SourceSettings } from './settings.js';

export interface MirrorSet {
  /**
   * The mirror to fetch `repo` (a run's `source.repo`) through; `undefined` for a path that
   * exists on this machine (checked out from directly) or a missing path with no RUNBOOK_REPO
   * to stand in for it.
   *
   * @throws SourceError RB8001 when `repo` is a URL this program refuses.
   */
  forRepo(repo: string): Mirror | undefined;
}

export interface MirrorSetOptions {
  /** The folder holding the mirrors. */
  readonly cacheDir: string;
  /** This process's RUNBOOK_REPO: its credentials, and the stand-in for a path not here. */
  readonly configured?: SourceSettings | undefined;
}

/**
 * One mirror per repository for the life of the process. The configured repository's token is
 * given to a mirror only when its https origin is the configured one's: a run naming another host
 * never receives it.
 */
export function createMirrorSet(options: MirrorSetOptions): MirrorSet {
  const mirrors = new Map<string, Mirror>();
  const { configured } = options;
  const mirrorOf = (location: RepoLocation): Mirror => {
    let mirror = mirrors.get(location.location);
    if (mirror === undefined) {
      const credentials: SourceCredentials =
        configured !== undefined &&
        location.httpOrigin !== undefined &&
        location.httpOrigin === configured.location.httpOrigin
          ? configured.credentials
          : {};
      mirror = openMirror({ location, cacheDir: options.cacheDir, credentials });
      mirrors.set(location.location, mirror);
    }
    return mirror;
  };
  return {
    forRepo(repo) {
      if (looksLikeUrl(repo)) return mirrorOf(parseRepoLocation(repo, '/'));
      if (existsSync(repo)) return undefined;
      return configured === undefined ? undefined : mirrorOf(configured.location);
    },
  };
}
