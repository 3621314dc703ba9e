import { type SourceSettings, sourceSettings } from '../../source/settings.js';
import type { CliIO } from '../io.js';
import { mirrorCacheDir } from './paths.js';

/**
 * The source repository of a CLI command: `--repo`, else RUNBOOK_REPO (its token from
 * RUNBOOK_REPO_TOKEN or GITHUB_TOKEN), mirrored under `$RUNBOOK_HOME/mirrors`; `undefined` when
 * neither is set.
 */
export function cliSourceSettings(
  io: Pick<CliIO, 'env' | 'cwd'>,
  repo?: string,
  tokenProvider?: () => Promise<string>,
): SourceSettings | undefined {
  return sourceSettings(io.env, io.cwd, mirrorCacheDir(io.env), {
    repo,
    ...(tokenProvider === undefined ? {} : { tokenProvider }),
  });
}
