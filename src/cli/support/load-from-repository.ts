// `runbook run <name>` with a source repository (RUNBOOK_REPO or --repo): the name is resolved at
// the default branch head (or --ref) of a freshly fetched mirror and pinned to that commit; no
// local checkout is read.
import { openCatalog } from '../../source/catalog.js';
import { displayRepo } from '../../source/repo-location.js';
import type { SourceSettings } from '../../source/settings.js';
import { UsageError } from '../io.js';
import type { LoadedRunbook } from './load-runbook.js';

/**
 * The runbook named `name` at `ref` (default: the default branch head) of the source repository,
 * pinned to that commit and the repository's clone URL, with a note saying which commit.
 *
 * @throws UsageError for a file path instead of a name, or an unknown or invalid runbook;
 *   SourceError for a refused repository or ref, an unknown ref, a failed fetch.
 */
export async function loadFromRepository(
  settings: SourceSettings,
  name: string,
  ref: string | undefined,
): Promise<LoadedRunbook> {
  if (/[/\\]|\.ya?ml$/.test(name)) {
    throw new UsageError(
      `"${name}" looks like a file, but with a source repository (${displayRepo(settings.location.location)}, from --repo or RUNBOOK_REPO) runbook run takes a runbook's metadata.name; to run a file of your checkout, unset RUNBOOK_REPO`,
    );
  }
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
