/**
 * The zod schema of a `people.yaml` as written. Semantic checks (an identity under two people, a
 * group naming nobody known) live in `parse.ts`. Pure: no I/O.
 */
import { z } from 'zod';
import { GroupName, PERSON_NAME_PATTERN } from './approvers-schema.js';

/** An identity within one channel: no whitespace and no `:` (the channel is the key). */
export const IDENTITY_PATTERN = /^[^\s:]+$/;

const Identities = z.array(z.string().regex(IDENTITY_PATTERN)).optional();

export const PersonSchema = z
  .strictObject({ cli: Identities, slack: Identities, github: Identities })
  .meta({
    description:
      'The identities of one person: CLI user names (--as / $USER), Slack user ids, GitHub logins.',
  });

export const PeopleSchema = z
  .strictObject({
    apiVersion: z.literal('runbook-runner/v1'),
    kind: z.literal('People'),
    people: z.record(z.string().regex(PERSON_NAME_PATTERN), PersonSchema),
    groups: z.record(GroupName, z.array(z.string().regex(PERSON_NAME_PATTERN))).optional(),
  })
  .meta({ title: 'runbook-runner people directory (v1)' });

export type RawPeople = z.infer<typeof PeopleSchema>;
