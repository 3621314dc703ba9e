/** The `with:` of `uses: approval`. Pure: zod only. */
import { z } from 'zod';
import { ApproversSchema, type GroupName } from '../people/approvers-schema.js';
import { Duration, Template } from '../schema.js';

import { SLACK_CHANNEL_PATTERN } from '../slack-channel.js';

export { SLACK_CHANNEL_PATTERN };

/**
 * Whom an escalation mentions: a people.yaml group (`sre`, the pattern of {@link GroupName}), or a
 * Slack user group by handle (`@oncall`) or id (`S0123ABCD`).
 */
export const ESCALATION_MENTION_PATTERN =
  /^(?:[a-z][a-z0-9._-]*|@[a-z0-9][a-z0-9._-]{0,79}|S[A-Z0-9]{2,20})$/;

export const EscalateAfterInput = z
  .strictObject({
    after: Duration.meta({
      description: 'How long the step may wait for its decision before the escalation.',
    }),
    channel: z
      .string()
      .regex(SLACK_CHANNEL_PATTERN, { error: 'must be a Slack channel id (C0123ABCD) or #name' })
      .optional()
      .meta({
        description: 'A Slack channel to post the approval to again: its id (C0123ABCD) or #name.',
      }),
    mention: z
      .string()
      .regex(ESCALATION_MENTION_PATTERN, {
        error: 'must be a people.yaml group (sre) or a Slack user group (@oncall or S0123ABCD)',
      })
      .optional()
      .meta({
        description:
          'Whom to mention: a group of people.yaml (sre), or a Slack user group by handle (@oncall) or id (S0123ABCD).',
      }),
  })
  .refine((v) => v.channel !== undefined || v.mention !== undefined, {
    message: 'give channel, mention or both: an escalation needs somewhere to go',
  })
  .meta({
    description:
      'When nobody decided within `after`, the Slack notifier re-posts the approval to `channel` and/or mentions `mention`.',
  });

export const ApprovalInput = z.strictObject({
  message: Template,
  approvers: ApproversSchema.optional(),
  required: z.int().min(1).max(20).optional(),
  allowSelfApproval: z.boolean().optional(),
  timeout: Duration.optional(),
  onTimeout: z.enum(['reject', 'skip', 'approve']).optional().meta({
    description: 'reject fails the step; skip goes on without it; approve goes on as approved.',
  }),
  verified: z.boolean().optional().meta({
    description:
      'Count only votes signed by runbook server (Slack, GitHub); a vote sent straight to Temporal (runbook approve, a script) is refused. Default false.',
  }),
  escalateAfter: EscalateAfterInput.optional(),
});
export type ApprovalInput = z.input<typeof ApprovalInput>;
