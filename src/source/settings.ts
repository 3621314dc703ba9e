// The source repository settings, read the same way by `runbook run`, `runbook server` and
// `runbook worker`: RUNBOOK_REPO (or --repo) and its token.
import type { SourceCredentials } from './credentials.js';
import { parseRepoLocation, type RepoLocation } from './repo-location.js';

export interface SourceSettings {
  readonly location: RepoLocation;
  /** The folder holding the mirrors (`$RUNBOOK_HOME/mirrors`). */
  readonly cacheDir: string;
  readonly credentials: SourceCredentials;
}

export interface SourceOverrides {
  /** `--repo`, ahead of RUNBOOK_REPO. */
  readonly repo?: string | undefined;
  /** A GitHub App installation token source, ahead of the token settings. */
  readonly tokenProvider?: () => Promise<string>;
}

/**
 * The source repository, or `undefined` when neither `--repo` nor RUNBOOK_REPO names one. The
 * token is RUNBOOK_REPO_TOKEN, else GITHUB_TOKEN; it is only ever sent to an https origin.
 *
 * @throws SourceError RB8001 when the repository is refused (see parseRepoLocation).
 */
export function sourceSettings(
  env: NodeJS.ProcessEnv,
  cwd: string,
  cacheDir: string,
  overrides: SourceOverrides = {},
): SourceSettings | undefined {
  const repo = overrides.repo ?? nonEmpty(env.RUNBOOK_REPO);
  if (repo === undefined) return undefined;
  const token = nonEmpty(env.RUNBOOK_REPO_TOKEN) ?? nonEmpty(env.GITHUB_TOKEN);
  return {
    location: parseRepoLocation(repo, cwd),
    cacheDir,
    credentials: {
      ...(token === undefined ? {} : { token }),
      ...(overrides.tokenProvider === undefined ? {} : { tokenProvider: overrides.tokenProvider }),
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
