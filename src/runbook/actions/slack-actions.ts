/**
 * The `slack.*` actions: post a message and update it, through the worker's Slack bot
 * (`SLACK_BOT_TOKEN`). Each runs one activity of `createSlackActivities` (src/activities/slack)
 * returning `{ outputs: { ts, channel } }`. No built-in undo: a message is a notification, not a
 * change to a system; give the step a `rollback:` (a `slack.update`) to amend it on failure.
 */
import { DEFAULT_SLACK_TIMEOUT_MS } from './defaults.js';
import type { ActionDefinition } from './definition.js';
import { SlackPostInput, SlackUpdateInput } from './slack-inputs.js';

export const SLACK_POST_ACTION = {
  name: 'slack.post',
  runs: 'activity',
  activity: 'slackPostMessage',
  result: 'outputs',
  input: SlackPostInput,
  timeoutMs: DEFAULT_SLACK_TIMEOUT_MS,
  retry: 'api',
  dryRun: false,
  mutating: true,
  available: true,
  docs: 'docs/steps.md#slackpost',
  summary:
    'Posts a message (text or Block Kit) to a channel or thread; outputs `ts` and `channel`.',
} as const satisfies ActionDefinition;

export const SLACK_UPDATE_ACTION = {
  name: 'slack.update',
  runs: 'activity',
  activity: 'slackUpdateMessage',
  result: 'outputs',
  input: SlackUpdateInput,
  timeoutMs: DEFAULT_SLACK_TIMEOUT_MS,
  retry: 'api',
  dryRun: false,
  mutating: true,
  available: true,
  docs: 'docs/steps.md#slackupdate',
  summary: 'Replaces the text or blocks of a message `slack.post` posted.',
} as const satisfies ActionDefinition;

/** Every activity the Slack actions need. */
export type SlackActivityName =
  | (typeof SLACK_POST_ACTION)['activity']
  | (typeof SLACK_UPDATE_ACTION)['activity'];
