/**
 * The schemas of `approvers:` (an approval step's `with:`) and of `spec.access`: both name people
 * and groups from people.yaml, never raw identities and never groups the voter claims. Pure zod
 * only, so that src/runbook/schema.ts and the action registry can import it without cycles.
 */
import { z } from 'zod';

/** Person and group names; they never contain `:`, so they can never collide with an identity. */
export const PERSON_NAME_PATTERN = /^[a-z][a-z0-9._-]*$/;

export const PersonName = z
  .string()
  .regex(PERSON_NAME_PATTERN)
  .meta({ description: 'A person named in people.yaml, e.g. alice.' });

export const GroupName = z
  .string()
  .regex(PERSON_NAME_PATTERN)
  .meta({ description: 'A group defined in people.yaml, e.g. sre.' });

const principals = {
  people: z.array(PersonName).optional().meta({ description: 'Persons from people.yaml.' }),
  groups: z.array(GroupName).optional().meta({ description: 'Groups from people.yaml.' }),
};

/** A Slack user group id (`S0123ABCD`), resolved with `usergroups.users.list` at start. */
export const SLACK_USER_GROUP_PATTERN = /^S[A-Z0-9]{2,20}$/;

/**
 * `approvers: { people: [...], groups: [...], slackUserGroups: [...] }`; absent or empty means
 * anyone but the starter.
 */
export const ApproversSchema = z
  .strictObject({
    ...principals,
    slackUserGroups: z
      .array(
        z
          .string()
          .regex(SLACK_USER_GROUP_PATTERN, { error: 'must be a Slack user group id (S0123ABCD)' }),
      )
      .optional()
      .meta({
        description:
          'Slack user group ids (S0123ABCD) whose members may decide; runbook server asks Slack (usergroups.users.list) when a member clicks and signs the membership, so it counts only in a vote from Slack, never in one sent straight to Temporal.',
      }),
  })
  .meta({
    description:
      'Who may decide: people and groups from people.yaml, members of Slack user groups. Absent or empty: anyone but the person who started the run (unless allowSelfApproval).',
  });
/** A Slack channel id: public (`C…`), private (`G…`) or direct message (`D…`). */
export const SLACK_CHANNEL_PATTERN = /^[CGD][A-Z0-9]{2,20}$/;

/**
 * `spec.access: { people, groups, slackUserGroups, channels }`; absent means anyone may start the
 * runbook. People, groups and Slack user groups say who; `channels` says from where in Slack.
 */
export const AccessSchema = z
  .strictObject({
    ...principals,
    slackUserGroups: z.array(z.string().regex(SLACK_USER_GROUP_PATTERN)).optional().meta({
      description:
        'Slack user group ids (S0123ABCD) whose members may start the runbook from Slack; resolved through the Slack API at start, never from what the request claims.',
    }),
    channels: z.array(z.string().regex(SLACK_CHANNEL_PATTERN)).optional().meta({
      description:
        'Slack channel ids (C0123ABCD): a start from Slack is accepted only in these channels. Starts from the CLI or GitHub are not restricted by it.',
    }),
  })
  .meta({
    description:
      'Who may start this runbook: people and groups from people.yaml, members of Slack user groups; and from which Slack channels. Absent: anyone; enforced for every trigger.',
  });
