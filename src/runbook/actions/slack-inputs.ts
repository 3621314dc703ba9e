/**
 * The `with:` of `slack.post` and `slack.update`: what `runbook validate` checks and what the Slack
 * activities parse once the templates are rendered. Pure: zod only.
 */
import { z } from 'zod';
import { Template } from '../schema.js';

/** Slack keeps at most this many blocks in one message. */
export const SLACK_MAX_BLOCKS = 50;
/** Slack truncates `text` beyond this many characters. */
export const SLACK_MAX_TEXT = 40_000;

/** Where `slack.post` may post: a channel id (`C…`, `G…`), a DM (`D…`), a user (`U…`/`W…`) or `#name`. */
export const SLACK_POST_CHANNEL_PATTERN = /^(?:[CGDUW][A-Z0-9]{2,20}|#[a-z0-9][a-z0-9._-]{0,79})$/;
/** `chat.update` takes the channel id `slack.post` returned, never a name. */
export const SLACK_CHANNEL_ID_PATTERN = /^[CGD][A-Z0-9]{2,20}$/;
/** A message timestamp, Slack's id of a message (`1712345678.123456`). */
export const SLACK_TS_PATTERN = /^\d{1,12}\.\d{1,9}$/;

const Text = Template.max(SLACK_MAX_TEXT).meta({
  description: 'The message text (Slack mrkdwn); with blocks, the notification fallback.',
});
const Blocks = z
  .array(z.record(z.string(), z.json()))
  .min(1)
  .max(SLACK_MAX_BLOCKS)
  .meta({ description: 'Block Kit blocks, as Slack documents them; Slack checks their shape.' });
const Ts = z.string().regex(SLACK_TS_PATTERN, {
  error:
    'must be a Slack message ts like 1712345678.000100 (steps.<id>.outputs.ts of a slack.post)',
});
const needsContent = {
  message: 'give text, blocks or both: Slack needs something to show',
} as const;

export const SlackPostInput = z
  .strictObject({
    channel: z
      .string()
      .regex(SLACK_POST_CHANNEL_PATTERN, {
        error: 'must be a Slack channel id (C0123ABCD), #name, DM id or user id',
      })
      .meta({
        description: 'A channel id (C0123ABCD), #name, a DM id or a user id (a direct message).',
      }),
    text: Text.optional(),
    blocks: Blocks.optional(),
    thread: Ts.optional().meta({
      description: 'Reply in the thread of this message (its ts, e.g. steps.notify.outputs.ts).',
    }),
  })
  .refine((v) => v.text !== undefined || v.blocks !== undefined, needsContent);

export const SlackUpdateInput = z
  .strictObject({
    channel: z
      .string()
      .regex(SLACK_CHANNEL_ID_PATTERN, {
        error: 'must be the channel id (C0123ABCD) slack.post returned, not a #name',
      })
      .meta({
        description: 'The channel id slack.post returned (steps.<id>.outputs.channel).',
      }),
    ts: Ts.meta({ description: 'The message to update (steps.<id>.outputs.ts).' }),
    text: Text.optional(),
    blocks: Blocks.optional(),
  })
  .refine((v) => v.text !== undefined || v.blocks !== undefined, needsContent);

export type SlackPostInput = z.input<typeof SlackPostInput>;
export type SlackUpdateInput = z.input<typeof SlackUpdateInput>;
