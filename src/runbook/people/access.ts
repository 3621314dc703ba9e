/**
 * Who may start a runbook: `spec.access` checked against the people directory. Every trigger
 * (the CLI now; Slack and GitHub later) calls this before it starts anything. Pure.
 */
import type { RunbookDefinition } from '../model.js';
import type { PeopleDirectory } from './model.js';
import { describeApprovers, isListed, personOf } from './persons.js';

/**
 * `undefined` when `identity` (channel-qualified, e.g. `cli:alice`) may start `definition`;
 * otherwise the refusal, naming who may. No `access:` block means anyone may start.
 */
export function checkStartAccess(
  definition: RunbookDefinition,
  directory: PeopleDirectory,
  identity: string,
): string | undefined {
  const access = definition.access;
  if (access === undefined) return undefined;
  const person = personOf(directory, identity);
  if (isListed(directory, access, person)) return undefined;
  const who = person === identity ? identity : `${identity} (${person})`;
  const allowed = describeApprovers(access);
  return allowed === ''
    ? `${who} may not start runbook "${definition.name}": its spec.access lists nobody`
    : `${who} may not start runbook "${definition.name}"; spec.access allows: ${allowed}${
        directory.file === null ? ' (no people.yaml was found, so no identity maps to them)' : ''
      }`;
}
