// The Slack integration's extension point: the slash command, the param modal and access live in
// this folder; the live run message and the approval buttons are added by other modules that
// register their Bolt listeners here, on the same signed receiver.
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { ServerContext } from '../types.js';
import { liveSlackExtension } from './live-extension.js';

/** The Slack settings `runbook server` read from its environment. */
export interface SlackSettings {
  /** The current signing secret first, then the old one during a rotation. */
  readonly signingSecrets: readonly string[];
  readonly botToken: string;
  /** The Web API base (`SLACK_API_URL`), ending with `/`. */
  readonly apiUrl: string;
  /** The Temporal Web UI base (`TEMPORAL_WEB_URL`), for links to a run. */
  readonly webUiUrl?: string;
}

/** Follows a run and keeps its Slack message up to date (the live run message). */
export interface RunFollower {
  follow(runId: string, where: { readonly channel: string; readonly threadTs?: string }): void;
}

/** What every Slack module is given. */
export interface SlackDeps {
  readonly context: ServerContext;
  /** The bot's Web API client (`SLACK_BOT_TOKEN`, `SLACK_API_URL`). */
  readonly web: WebClient;
  readonly settings: SlackSettings;
  /** Set when an extension's `start` returned one: told about every run started from Slack. */
  readonly notifier?: RunFollower;
}

/**
 * One part of the Slack app. Every request reaching `register`ed listeners has had its signature,
 * timestamp and replay checked already.
 */
export interface SlackExtension {
  /** Adds Bolt listeners (`app.action`, `app.view`, …). */
  register(app: App, deps: SlackDeps): void;
  /** Called once before requests are served; may return the run follower. */
  // biome-ignore lint/suspicious/noConfusingVoidType: an async start with no follower returns nothing
  start?(deps: SlackDeps): Promise<RunFollower | void>;
  /** Stops timers and watchers at shutdown. */
  close?(): Promise<void>;
}

/**
 * The Slack modules on top of the slash command. The integration starts each (the first follower
 * any `start` returns becomes `deps.notifier`) and registers each on the Bolt app. Append yours.
 */
export const SLACK_EXTENSIONS: SlackExtension[] = [liveSlackExtension];
