import { slackApiUrl } from '../../integrations/slack/web-client.js';
import type { SlackSettings } from './extension.js';

/**
 * The Slack settings from the environment, or `undefined` when Slack is not configured (both
 * `SLACK_SIGNING_SECRET` and `SLACK_BOT_TOKEN` are needed). During a signing-secret rotation the
 * old secret is accepted too: from `SLACK_SIGNING_SECRET_OLD`, or as a second comma-separated
 * value of `SLACK_SIGNING_SECRET` (`new,old`).
 */
export function readSlackSettings(env: NodeJS.ProcessEnv): SlackSettings | undefined {
  const secrets = [
    ...(env.SLACK_SIGNING_SECRET ?? '').split(','),
    ...(env.SLACK_SIGNING_SECRET_OLD ?? '').split(','),
  ]
    .map((secret) => secret.trim())
    .filter((secret) => secret !== '');
  const botToken = env.SLACK_BOT_TOKEN?.trim() ?? '';
  if (secrets.length === 0 || botToken === '') return undefined;
  const webUiUrl = env.TEMPORAL_WEB_URL?.trim().replace(/\/+$/, '');
  return {
    signingSecrets: [...new Set(secrets)],
    botToken,
    apiUrl: slackApiUrl(env),
    ...(webUiUrl === undefined || webUiUrl === '' ? {} : { webUiUrl }),
  };
}
