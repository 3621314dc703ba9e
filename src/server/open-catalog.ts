import { isAbsolute, resolve } from 'node:path';
import { gitOut } from '../cli/support/source-tree.js';
import { localCatalog, type RunbookCatalog } from '../source/catalog.js';

export interface CatalogChoice {
  readonly catalog: RunbookCatalog | undefined;
  /** For the start banner: where runbooks are read from, or why nothing can be started. */
  readonly description: string;
}

/**
 * Where the server reads runbooks: `RUNBOOK_REPO`, else the git repository it was started in.
 * Without either, integrations still verify requests but can start nothing (they say so).
 */
export async function openServerCatalog(
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<CatalogChoice> {
  const configured = env.RUNBOOK_REPO?.trim();
  if (configured !== undefined && configured !== '') {
    const root = isAbsolute(configured) ? configured : resolve(cwd, configured);
    return { catalog: localCatalog(root), description: `runbooks from ${root}` };
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
