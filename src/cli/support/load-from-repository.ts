// `runbook run <name>` with a source repository (RUNBOOK_REPO or --repo): the name is resolved at
// the default branch head (or --ref) of a freshly fetched mirror and pinned to that commit; no
// local checkout is read.

import { openCatalog } from '../../source/catalog.js';
import { displayRepo } from '../../source/repo-location.js';
import type { SourceSettings } from '../../source/settings.js';
import type { LoadedRunbook } from './load-runbook.js';

export async function loadFromRepository(
  settings: SourceSettings,
  name: string,
  ref: string | undefined,
): Promise<LoadedRunbook> {
  const catalog = await openCatalog({
    repo: settings.location.location,
    cacheDir: settings.cacheDir,
    token: settings.credentials.token,
    tokenProvider: settings.credentials.tokenProvider,
  });
  const sha = await catalog.resolve(ref);
  const loaded = await catalog.load(name, sha);
  const at = ref === undefined ? 'the default branch' : `"${ref}"`;
  return {
    ...loaded,
    notes: [
      ...loaded.notes,
      `${name} from ${displayRepo(settings.location.location)} at ${at}: commit ${sha.slice(0, 12)}`,
    ],
  };
}
