// The live side of the Slack app: the run notifier (one message per run, kept up to date) and the
// approval buttons. `start` builds the notifier and returns it as the run follower the slash
// command tells about the runs it starts.
import type { App } from '@slack/bolt';
import { registerApprovalButtons } from './approvals/approval-buttons.js';
import { voteSigningKeyFrom } from './approvals/cast-vote.js';
import type { RunFollower, SlackDeps, SlackExtension } from './extension.js';
import { RunNotifier } from './notifier/run-notifier.js';
import { boundedSlackApi, notifierWebClient, type SlackApi } from './notifier/slack-calls.js';
import { SlackUserGroups } from './user-groups.js';

/** The Temporal Web UI base, from the Slack settings or `RUNBOOK_WEB_UI_URL`. */
function webUiUrl(deps: SlackDeps): string | undefined {
  const configured = deps.settings.webUiUrl ?? deps.context.env.RUNBOOK_WEB_UI_URL?.trim();
  return configured === undefined || configured === '' ? undefined : configured;
}

export interface LiveSlackOptions {
  /** How often to look for runs to follow; 0 turns discovery off. */
  readonly discoveryIntervalMs?: number;
}

/** A fresh extension (tests build their own; the server uses {@link liveSlackExtension}). */
export function createLiveSlackExtension(options: LiveSlackOptions = {}): SlackExtension {
  let notifier: RunNotifier | undefined;
  let slack: SlackApi | undefined;
  const api = (deps: SlackDeps): SlackApi => {
    slack ??= boundedSlackApi(notifierWebClient(deps.settings.botToken, deps.settings.apiUrl));
    return slack;
  };
  return {
    async start(deps): Promise<RunFollower> {
      const url = webUiUrl(deps);
      notifier = new RunNotifier({
        client: deps.context.client,
        namespace: deps.context.settings.namespace,
        slack: api(deps),
        log: deps.context.log,
        ...(url === undefined ? {} : { webUiUrl: url }),
        ...(options.discoveryIntervalMs === undefined
          ? {}
          : { discoveryIntervalMs: options.discoveryIntervalMs }),
      });
      notifier.start();
      return notifier;
    },
    register(app: App, deps: SlackDeps): void {
      // Parsed here so a malformed key stops the server at start, naming the setting.
      const signingKey = voteSigningKeyFrom(deps.context.env);
      if (signingKey === undefined) {
        deps.context.log(
          'slack: RUNBOOK_VOTE_SIGNING_KEY is not set: Slack votes are sent unsigned (steps with verified: true refuse them)',
        );
      }
      registerApprovalButtons(app, {
        context: deps.context,
        slack: api(deps),
        signingKey,
        userGroups: new SlackUserGroups(deps.web),
        onAccepted: (target) => notifier?.follower(target.runId)?.wake(),
      });
    },
    async close() {
      await notifier?.close();
    },
  };
}

export const liveSlackExtension: SlackExtension = createLiveSlackExtension();
