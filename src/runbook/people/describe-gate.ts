/**
 * Who may pass an approval step, in words for `runbook plan`: the people and groups listed, or
 * "anyone but the starter" for an empty list — never a silent empty list. Pure.
 */
import type { JsonValue } from '../model.js';

const names = (value: JsonValue | undefined): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** `people alice, bob; group sre` / `anyone but the person who started the run`. */
export function describeGate(withValue: Readonly<Record<string, JsonValue>>): string {
  const approvers =
    withValue.approvers !== null &&
    typeof withValue.approvers === 'object' &&
    !Array.isArray(withValue.approvers)
      ? withValue.approvers
      : {};
  const people = names(approvers.people);
  const groups = names(approvers.groups);
  const selfAllowed = withValue.allowSelfApproval === true;
  if (people.length === 0 && groups.length === 0) {
    return selfAllowed
      ? 'anyone, the person who started the run included'
      : 'anyone but the person who started the run';
  }
  const parts = [
    ...(people.length === 0
      ? []
      : [`${people.length === 1 ? 'person' : 'people'} ${people.join(', ')}`]),
    ...(groups.length === 0
      ? []
      : [`${groups.length === 1 ? 'group' : 'groups'} ${groups.join(', ')}`]),
  ];
  return `${parts.join('; ')}${selfAllowed ? '' : ' (not the person who started the run)'}`;
}
