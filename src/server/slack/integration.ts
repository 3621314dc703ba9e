// The Slack integration of `runbook server`: on when SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are
// set. One Bolt app behind the signed receiver serves the three Slack request URLs.
import { App } from '@slack/bolt';
import { slackWebClient } from '../../integrations/slack/web-client.js';
import type { IntegrationFactory, ServerRoute } from '../types.js';
import { SLACK_EXTENSIONS, type SlackDeps, type SlackExtension } from './extension.js';
import { runbookCommand } from './runbook-command.js';
import { readSlackSettings } from './settings.js';
import { SignedReceiver } from './signed-receiver.js';

/** The request URLs, as slack/manifest.yaml names them. */
export const SLACK_PATHS = ['/slack/commands', '/slack/interactions', '/slack/events'] as const;

/** The slash command and everything in SLACK_EXTENSIONS; tests may pass their own list. */
export function createSlackIntegration(
  extensions: readonly SlackExtension[] = SLACK_EXTENSIONS,
): IntegrationFactory {
  return async (context) => {
    const settings = readSlackSettings(context.env);
    if (settings === undefined) return undefined;
    const receiver = new SignedReceiver({
      signingSecrets: settings.signingSecrets,
      log: context.log,
    });
    const app = new App({
      token: settings.botToken,
      receiver,
      logger: receiver.logger,
      clientOptions: { slackApiUrl: settings.apiUrl },
    });
    const web = slackWebClient(context.env, { token: settings.botToken });
    let deps: SlackDeps = { context, web, settings };
    for (const extension of extensions) {
      const follower = await extension.start?.(deps);
      if (follower !== undefined && deps.notifier === undefined) {
        deps = { ...deps, notifier: follower };
      }
    }
    runbookCommand().register(app, deps);
    for (const extension of extensions) extension.register(app, deps);
    const routes: ServerRoute[] = SLACK_PATHS.map((path) => ({
      method: 'POST',
      path,
      handle: (req, res) => receiver.handle(req, res),
    }));
    const secrets = settings.signingSecrets.length;
    return {
      name: 'slack',
      routes,
      describe: () =>
        `slack: ${SLACK_PATHS.join(', ')} (${secrets} signing secret${secrets === 1 ? '' : 's'}, Web API ${settings.apiUrl})`,
      async close() {
        for (const extension of extensions) await extension.close?.();
      },
    };
  };
}

export const slackIntegration: IntegrationFactory = createSlackIntegration();
