// GitHub clients and tokens from the settings (see settings.ts): one place that knows whether the
// runner is a GitHub App or holds a token. An App's installation is GITHUB_APP_INSTALLATION_ID or
// looked up per repository; its installation tokens are cached by `@octokit/auth-app` in a cache
// that refreshes them before they expire (token-cache.ts), shared by every client of the same
// settings, so steps of many runs reuse one token per installation.
import { createAppAuth } from '@octokit/auth-app';
import { RunbookError } from '../../runbook/errors.js';
import { type GithubClient, githubApiUrl, githubClient } from './octokit.js';
import { type GithubAuthSettings, GithubSettingsError, githubAuthSettings } from './settings.js';
import { type InstallationTokenCache, installationTokenCache } from './token-cache.js';

export interface GithubRepositoryRef {
  readonly owner: string;
  readonly repo: string;
}

/** The GitHub App is not installed on the repository a step or a mirror names (RB8061). */
export class GithubAppNotInstalledError extends RunbookError {
  readonly code = 'RB8061';
  readonly kind = 'environment' as const;
  constructor(
    readonly repository: string,
    readonly appId: number,
    options?: { readonly cause?: unknown },
  ) {
    super(
      `the GitHub App ${appId} is not installed on ${repository} (or cannot see it): install the App on that repository, or set GITHUB_APP_INSTALLATION_ID to an installation that covers it`,
      options,
    );
  }
}

export interface GithubAuth {
  readonly settings: GithubAuthSettings;
  readonly baseUrl: string;
  /** A client for `repository` (an App needs it unless GITHUB_APP_INSTALLATION_ID is set). */
  client(repository?: GithubRepositoryRef): Promise<GithubClient>;
  /** A token for `repository`: the installation token of an App, or GITHUB_TOKEN. */
  token(repository?: GithubRepositoryRef): Promise<string>;
}

export interface GithubAuthOptions {
  readonly log?: (line: string) => void;
  /** Tests: the clock and margin of the installation token cache. */
  readonly tokenCache?: InstallationTokenCache;
}

/** Reads the settings now (throwing a `GithubSettingsError` naming the one to fix). */
export function createGithubAuth(
  env: NodeJS.ProcessEnv,
  options: GithubAuthOptions = {},
): GithubAuth {
  const settings = githubAuthSettings(env);
  const baseUrl = githubApiUrl(env);
  const log = options.log;
  const common = { baseUrl, ...(log === undefined ? {} : { log }) };
  if (settings.kind === 'token') {
    const client = githubClient({ ...common, auth: settings.token });
    return {
      settings,
      baseUrl,
      client: async () => client,
      token: async () => settings.token,
    };
  }

  const cache = options.tokenCache ?? installationTokenCache();
  const appCredentials = { appId: settings.appId, privateKey: settings.privateKey };
  // Signs its requests with the App's JWT: used only to look installations up.
  const appClient = githubClient({
    ...common,
    auth: { authStrategy: createAppAuth, auth: appCredentials },
  });
  const installations = new Map<string, Promise<number>>();
  const clients = new Map<number, GithubClient>();

  const installationOf = (repository?: GithubRepositoryRef): Promise<number> => {
    if (settings.installationId !== undefined) return Promise.resolve(settings.installationId);
    if (repository === undefined) {
      return Promise.reject(
        new GithubSettingsError(
          'GITHUB_APP_INSTALLATION_ID is not set, and no repository was named to look the installation up for; set it',
          'GITHUB_APP_INSTALLATION_ID',
        ),
      );
    }
    const key = `${repository.owner}/${repository.repo}`.toLowerCase();
    let found = installations.get(key);
    if (found === undefined) {
      found = appClient.rest.apps
        .getRepoInstallation({ owner: repository.owner, repo: repository.repo })
        .then(
          (response) => response.data.id,
          (error: unknown) => {
            installations.delete(key);
            if ((error as { status?: unknown }).status === 404) {
              throw new GithubAppNotInstalledError(
                `${repository.owner}/${repository.repo}`,
                settings.appId,
                { cause: error },
              );
            }
            throw error;
          },
        );
      installations.set(key, found);
    }
    return found;
  };

  const client = async (repository?: GithubRepositoryRef): Promise<GithubClient> => {
    const installationId = await installationOf(repository);
    let existing = clients.get(installationId);
    if (existing === undefined) {
      existing = githubClient({
        ...common,
        auth: {
          authStrategy: createAppAuth,
          auth: { ...appCredentials, installationId, cache },
        },
      });
      clients.set(installationId, existing);
    }
    return existing;
  };

  return {
    settings,
    baseUrl,
    client,
    async token(repository) {
      const octokit = await client(repository);
      const auth = (await octokit.auth({ type: 'installation' })) as { token: string };
      return auth.token;
    },
  };
}

const byEnv = new WeakMap<NodeJS.ProcessEnv, GithubAuth>();

/** The `GithubAuth` of `env`, created once per environment object (its token cache with it). */
export function githubAuthFor(env: NodeJS.ProcessEnv, options: GithubAuthOptions = {}): GithubAuth {
  let auth = byEnv.get(env);
  if (auth === undefined) {
    auth = createGithubAuth(env, options);
    byEnv.set(env, auth);
  }
  return auth;
}

/**
 * A GitHub REST client for the settings in `env` (GITHUB_TOKEN, or the App's installation for
 * `repository`), with GITHUB_API_URL as its base URL and octokit's throttling and retry.
 */
export function githubClientFromEnv(
  env: NodeJS.ProcessEnv,
  repository?: GithubRepositoryRef,
): Promise<GithubClient> {
  return githubAuthFor(env).client(repository);
}

/**
 * A token provider for git over https (`x-access-token:<token>`): each call returns a token that
 * is valid for a while yet — an App's installation token is refreshed before it expires.
 */
export function githubTokenProvider(
  env: NodeJS.ProcessEnv,
  repository?: GithubRepositoryRef,
): () => Promise<string> {
  return () => githubAuthFor(env).token(repository);
}
