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

/** `approvers: { people: [...], groups: [...] }`; absent or empty means anyone but the starter. */
export const ApproversSchema = z.strictObject(principals).meta({
  description:
    'Who may decide: people and groups from people.yaml. Absent or empty: anyone but the person who started the run (unless allowSelfApproval).',
});

/** `spec.access: { people: [...], groups: [...] }`; absent means anyone may start the runbook. */
export const AccessSchema = z.strictObject(principals).meta({
  description:
    'Who may start this runbook: people and groups from people.yaml. Absent: anyone; enforced for every trigger.',
});
