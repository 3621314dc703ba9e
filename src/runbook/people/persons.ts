/**
 * Identity → person, and who belongs to a list of people and groups. Pure and deterministic: the
 * approval handlers in the workflow count votes with these functions.
 */
import { type Approvers, CHANNELS, type Channel, type PeopleDirectory } from './model.js';

function channelOf(identity: string): { channel: Channel; id: string } | undefined {
  const colon = identity.indexOf(':');
  if (colon <= 0) return undefined;
  const channel = identity.slice(0, colon);
  if (!(CHANNELS as readonly string[]).includes(channel)) return undefined;
  return { channel: channel as Channel, id: identity.slice(colon + 1) };
}

/** GitHub logins are case-insensitive; Slack ids and CLI user names are compared exactly. */
function sameId(channel: Channel, a: string, b: string): boolean {
  return channel === 'github' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/**
 * The person a channel-qualified identity (`cli:alice-laptop`, `slack:U0ALICE`, `github:alice-gh`)
 * belongs to. An identity that maps to nobody is a person of its own: the identity itself is
 * returned, and since person names never contain `:`, it can never pass for a listed person.
 */
export function personOf(directory: PeopleDirectory, identity: string): string {
  const parsed = channelOf(identity);
  if (parsed === undefined) return identity;
  for (const [name, entry] of Object.entries(directory.people)) {
    if (entry[parsed.channel].some((id) => sameId(parsed.channel, id, parsed.id))) return name;
  }
  return identity;
}

/** The persons named by `approvers`, directly or through a group, sorted and without repeats. */
export function eligiblePersons(directory: PeopleDirectory, approvers: Approvers): string[] {
  const persons = new Set(approvers.people);
  for (const group of approvers.groups) {
    for (const member of directory.groups[group] ?? []) persons.add(member);
  }
  return [...persons].sort();
}

/** Whether `person` is one of `approvers` (by name, or as a member of one of the groups). */
export function isListed(
  directory: PeopleDirectory,
  approvers: Approvers,
  person: string,
): boolean {
  return (
    approvers.people.includes(person) ||
    approvers.groups.some((group) => (directory.groups[group] ?? []).includes(person))
  );
}

/** `alice, bob, group sre` — for messages. */
export function describeApprovers(approvers: Approvers): string {
  return [...approvers.people, ...approvers.groups.map((g) => `group ${g}`)].join(', ');
}
