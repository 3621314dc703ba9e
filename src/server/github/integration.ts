// The GitHub integration of `runbook server`: on when GITHUB_WEBHOOK_SECRET is set.
import { githubClientFromEnv } from '../../integrations/github/auth.js';
import type { IntegrationFactory } from '../types.js';
import { GithubSettingsError } from './errors.js';
import { GITHUB_EVENT_HANDLERS, type GithubDeps } from './events.js';
import { GITHUB_WEBHOOK_PATH, githubWebhookRoute } from './receiver.js';
import { SeenDeliveries } from './seen-deliveries.js';
import { readGithubSettings } from './settings.js';
import { signatureVerifier } from './verify-signature.js';

export const githubIntegration: IntegrationFactory = async (context) => {
  const settings = readGithubSettings(context.env);
  if (settings === undefined) return undefined;
  const { catalog } = context;
  if (catalog === undefined) {
    throw new GithubSettingsError(
      'RB8022',
      'GITHUB_WEBHOOK_SECRET is set but there is no source repository to read runbooks from: set RUNBOOK_REPO',
    );
  }
  const deps: GithubDeps = {
    context,
    catalog,
    // GITHUB_TOKEN, or the GitHub App's installation token for the repository (refreshed).
    octokit: (owner, repo) => githubClientFromEnv(context.env, { owner, repo }),
    settings: {
      repository: settings.repository,
      ...(settings.defaultBranch === undefined ? {} : { defaultBranch: settings.defaultBranch }),
      ...(settings.webUiUrl === undefined ? {} : { webUiUrl: settings.webUiUrl }),
    },
  };
  const route = githubWebhookRoute({
    verify: signatureVerifier(settings.secrets),
    seen: new SeenDeliveries(),
    handlers: GITHUB_EVENT_HANDLERS,
    deps,
  });
  const { owner, name } = settings.repository;
  return {
    name: 'github',
    routes: [route],
    describe: () =>
      `github: ${GITHUB_WEBHOOK_PATH} for ${owner}/${name} (${settings.secrets.length} webhook secret${settings.secrets.length === 1 ? '' : 's'}; events: ${Object.keys(GITHUB_EVENT_HANDLERS).join(', ')})`,
    close: async () => {},
  };
};
