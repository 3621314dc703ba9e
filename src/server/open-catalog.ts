import { mirrorCacheDir } from '../cli/support/paths.js';
import { gitOut } from '../cli/support/source-tree.js';
import { localCatalog, openCatalog, type RunbookCatalog } from '../source/catalog.js';
import { displayRepo } from '../source/repo-location.js';
import { sourceSettings } from '../source/settings.js';

export interface CatalogChoice {
  readonly catalog: RunbookCatalog | undefined;
  /** For the start banner: where runbooks are read from, or why nothing can be started. */
  readonly description: string;
}

/**
 * Where the server reads runbooks: `RUNBOOK_REPO` (a clone URL or a path, fetched into a mirror
 * under `$RUNBOOK_HOME/mirrors`; its token from RUNBOOK_REPO_TOKEN / GITHUB_TOKEN, or
 * `tokenProvider`), else the git repository it was started in. Without either, integrations
 * still verify requests but can start nothing (they say so).
 *
 * @throws SourceError RB8001 when RUNBOOK_REPO is refused.
 */
export async function openServerCatalog(
  env: NodeJS.ProcessEnv,
  cwd: string,
  options: { readonly tokenProvider?: () => Promise<string> } = {},
): Promise<CatalogChoice> {
  const source = sourceSettings(env, cwd, mirrorCacheDir(env), options);
  if (source !== undefined) {
    const catalog = await openCatalog({
      repo: source.location.location,
      cacheDir: source.cacheDir,
      token: source.credentials.token,
      tokenProvider: source.credentials.tokenProvider,
    });
    return {
      catalog,
      description: `runbooks from ${displayRepo(source.location.location)} (mirrored in ${source.cacheDir})`,
    };
  }
  const root = (await gitOut(cwd, ['rev-parse', '--show-toplevel']))?.trim();
  if (root !== undefined && root !== '') {
    return { catalog: localCatalog(root), description: `runbooks from ${root} (its HEAD)` };
  }
  return {
    catalog: undefined,
    description: 'no source repository: set RUNBOOK_REPO to start runbooks by name',
  };
}
