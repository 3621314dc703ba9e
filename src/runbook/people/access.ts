/**
 * Who may start a runbook: `spec.access` checked against the people directory. Every trigger
 * (the CLI, Slack, GitHub) calls this before it starts anything. Pure: a trigger that knows more
 * about the starter (the Slack channel, the Slack user groups Slack says they are in) passes it
 * as `context`; the decision stays here.
 */
import type { RunbookDefinition } from '../model.js';
import type { PeopleDirectory } from './model.js';
import { describeApprovers, isListed, personOf } from './persons.js';

/** What a trigger knows about where and by whom a start was asked, beyond the identity. */
export interface StartContext {
  /** The Slack channel the start came from; checked against `spec.access.channels`. */
  readonly slackChannel?: string;
  /**
   * Those of `spec.access.slackUserGroups` the starter is a member of, as Slack's API answered
   * (never as the request claimed). Absent: not looked up (e.g. a CLI start).
   */
  readonly slackUserGroups?: readonly string[];
}

/** Whether `spec.access` says who: people, groups or Slack user groups (else anyone, maybe by channel). */
function namesWho(access: NonNullable<RunbookDefinition['access']>): boolean {
  return (
    access.people.length > 0 ||
    access.groups.length > 0 ||
    (access.slackUserGroups ?? []).length > 0 ||
    (access.channels ?? []).length === 0
  );
}

function describeAccess(access: NonNullable<RunbookDefinition['access']>): string {
  return [
    describeApprovers(access),
    ...(access.slackUserGroups ?? []).map((id) => `Slack user group <!subteam^${id}>`),
  ]
    .filter((part) => part !== '')
    .join(', ');
}

/**
 * `undefined` when `identity` (channel-qualified, e.g. `cli:alice`) may start `definition`;
 * otherwise the refusal, naming who may. No `access:` block means anyone may start. A start from
 * Slack (`context.slackChannel` set) must also come from one of `spec.access.channels`, if any.
 */
export function checkStartAccess(
  definition: RunbookDefinition,
  directory: PeopleDirectory,
  identity: string,
  context: StartContext = {},
): string | undefined {
  const access = definition.access;
  if (access === undefined) return undefined;
  const channels = access.channels ?? [];
  const channel = context.slackChannel;
  if (channel !== undefined && channels.length > 0 && !channels.includes(channel)) {
    return `runbook "${definition.name}" may not be started from this channel; spec.access.channels allows: ${channels
      .map((id) => `<#${id}>`)
      .join(', ')}`;
  }
  if (!namesWho(access)) return undefined;
  const person = personOf(directory, identity);
  if (isListed(directory, access, person)) return undefined;
  const inGroups = context.slackUserGroups ?? [];
  if ((access.slackUserGroups ?? []).some((group) => inGroups.includes(group))) return undefined;
  const who = person === identity ? identity : `${identity} (${person})`;
  const allowed = describeAccess(access);
  return allowed === ''
    ? `${who} may not start runbook "${definition.name}": its spec.access lists nobody`
    : `${who} may not start runbook "${definition.name}"; spec.access allows: ${allowed}${
        directory.file === null && (access.people.length > 0 || access.groups.length > 0)
          ? ' (no people.yaml was found, so no identity maps to them)'
          : ''
      }`;
}
