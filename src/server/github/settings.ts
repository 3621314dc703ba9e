// The GitHub integration's settings, read once from the environment. Secrets are kept here and
// never logged.
import { githubApiUrl } from '../../integrations/github/octokit.js';
import { githubAuthSettings } from '../../integrations/github/settings.js';
import { GithubSettingsError } from './errors.js';

export interface GithubRepository {
  readonly owner: string;
  readonly name: string;
}

export interface GithubSettings {
  /** GITHUB_WEBHOOK_SECRET first, then GITHUB_WEBHOOK_SECRET_OLD (accepted during rotation). */
  readonly secrets: readonly string[];
  readonly repository: GithubRepository;
  readonly apiUrl: string;
  readonly defaultBranch?: string;
  readonly webUiUrl?: string;
}

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

function ownerAndName(owner: string, name: string): GithubRepository | undefined {
  const repo = name.replace(/\.git$/, '');
  return NAME.test(owner) && NAME.test(repo) && repo !== '.' && repo !== '..'
    ? { owner, name: repo }
    : undefined;
}

/**
 * The GitHub repository a clone URL or `owner/name` names: `https://host/o/r(.git)`,
 * `ssh://git@host/o/r.git`, `git@host:o/r.git`, `o/r`. `undefined` for a local path.
 */
export function parseGithubRepository(text: string): GithubRepository | undefined {
  const trimmed = text.trim();
  const scp = /^[\w.-]+@[\w.-]+:([^/]+)\/([^/]+?)\/?$/.exec(trimmed);
  if (scp !== null) return ownerAndName(scp[1] ?? '', scp[2] ?? '');
  if (/^(https?|ssh|git):\/\//.test(trimmed)) {
    try {
      const parts = new URL(trimmed).pathname.split('/').filter((p) => p !== '');
      if (parts.length !== 2) return undefined;
      return ownerAndName(parts[0] ?? '', parts[1] ?? '');
    } catch {
      return undefined;
    }
  }
  const plain = /^([^/\s]+)\/([^/\s]+)$/.exec(trimmed);
  return plain === null || trimmed.startsWith('.')
    ? undefined
    : ownerAndName(plain[1] ?? '', plain[2] ?? '');
}

function set(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const value = env[key]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The settings, or `undefined` when GITHUB_WEBHOOK_SECRET is not set (the integration is off).
 *
 * @throws GithubSettingsError RB8020 when a secret is set but no repository or no credentials
 *   are, RB8021 when GITHUB_REPOSITORY is not `owner/name`.
 */
export function readGithubSettings(env: NodeJS.ProcessEnv): GithubSettings | undefined {
  const secret = set(env, 'GITHUB_WEBHOOK_SECRET');
  if (secret === undefined) return undefined;
  const old = set(env, 'GITHUB_WEBHOOK_SECRET_OLD');
  const fromRepo = set(env, 'RUNBOOK_REPO');
  const explicit = set(env, 'GITHUB_REPOSITORY');
  let repository = fromRepo === undefined ? undefined : parseGithubRepository(fromRepo);
  if (repository === undefined && explicit !== undefined) {
    repository = parseGithubRepository(explicit);
    if (repository === undefined || explicit.includes(':')) {
      throw new GithubSettingsError(
        'RB8021',
        `GITHUB_REPOSITORY must be owner/name (e.g. acme/runbooks), not "${explicit.slice(0, 200)}"`,
      );
    }
  }
  if (repository === undefined) {
    throw new GithubSettingsError(
      'RB8020',
      'GITHUB_WEBHOOK_SECRET is set but no GitHub repository is: set RUNBOOK_REPO to the repository clone URL (https://github.com/owner/name.git) or GITHUB_REPOSITORY=owner/name',
    );
  }
  // A token or a GitHub App (GITHUB_APP_ID + private key): refused now, naming the setting.
  githubAuthSettings(env);
  const defaultBranch = set(env, 'RUNBOOK_DEFAULT_BRANCH');
  const webUiUrl = set(env, 'TEMPORAL_WEB_UI_URL');
  return {
    secrets: old === undefined ? [secret] : [secret, old],
    repository,
    apiUrl: githubApiUrl(env),
    ...(defaultBranch === undefined ? {} : { defaultBranch }),
    ...(webUiUrl === undefined ? {} : { webUiUrl: webUiUrl.replace(/\/+$/, '') }),
  };
}
