/**
 * The people directory: who is who across the channels a vote or a start can come from. Read
 * from a `people.yaml` (`kind: People`) beside the runbook or above it, pinned with the runbook,
 * and carried as plain JSON in the workflow input. Pure types and one constant: the workflow
 * imports this module.
 */

/** The channels an identity can come from; an identity is written `<channel>:<id>`. */
export const CHANNELS = ['cli', 'slack', 'github'] as const;
export type Channel = (typeof CHANNELS)[number];

/** One person's identities, per channel (`cli: [alice, alice-laptop]`). */
export interface PersonEntry {
  readonly cli: readonly string[];
  readonly slack: readonly string[];
  readonly github: readonly string[];
}

export interface PeopleDirectory {
  /** Repository-relative path of the people.yaml used, or `null` when there is none. */
  readonly file: string | null;
  /** Person name → their identities. */
  readonly people: Readonly<Record<string, PersonEntry>>;
  /** Group name → the person names in it. */
  readonly groups: Readonly<Record<string, readonly string[]>>;
}

/** No people.yaml: every identity is a person of its own, and there are no groups. */
export const EMPTY_PEOPLE: PeopleDirectory = { file: null, people: {}, groups: {} };

/** Who may decide an approval step, as written in its `approvers:`. */
export interface Approvers {
  readonly people: readonly string[];
  readonly groups: readonly string[];
  /** Slack user group ids (`S0123ABCD`); a member counts only by a signed vote (runbook server). */
  readonly slackUserGroups?: readonly string[];
}
