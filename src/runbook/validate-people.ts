/**
 * How a runbook uses people: every person and group named in `spec.access` and in approval
 * steps' `approvers:` exists in the people directory, `spec.access` lists somebody, and no
 * approval asks for more distinct persons than could ever vote. Runs on a runbook that already
 * parsed, with the directory found for it (or `undefined` when the caller has none: then only
 * what the file alone proves is checked). Pure: no I/O.
 */
import { parseDocument } from 'yaml';
import { type Diagnostic, didYouMean } from './diagnostics.js';
import { createLocator, type Locator, type Path } from './locate.js';
import type { Approvers, PeopleDirectory } from './people/model.js';
import { LIMITS } from './validate.js';

type Raw = Record<string, unknown>;

const asObject = (value: unknown): Raw | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : undefined;
const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

interface Check {
  readonly locator: Locator;
  readonly directory: PeopleDirectory | undefined;
  readonly out: Diagnostic[];
  /** The persons `spec.access` lets start the run, when that is known (undefined: anyone). */
  starters?: ReadonlySet<string>;
}

/** Diagnostics for the people and groups `text` (a valid runbook at `file`) names. */
export function checkPeopleUse(
  text: string,
  file: string,
  directory: PeopleDirectory | undefined,
): Diagnostic[] {
  const doc = parseDocument(text, { uniqueKeys: true });
  const root = asObject(doc.toJS({ maxAliasCount: LIMITS.maxAliasCount }));
  const spec = asObject(root?.spec);
  if (spec === undefined) return [];
  const check: Check = { locator: createLocator(doc, text, file), directory, out: [] };
  const access = asObject(spec.access);
  if (access !== undefined) {
    const starters = checkAccess(access, check);
    if (starters !== undefined) check.starters = starters;
  }
  walk(asList(spec.steps), ['spec', 'steps'], check);
  walk(asList(spec.onFailure), ['spec', 'onFailure'], check);
  return check.out;
}

function report(check: Check, code: string, path: Path, message: string, hint: string): void {
  check.out.push({
    code,
    severity: 'error',
    message,
    file: check.locator.file,
    ...check.locator.at(path),
    hint,
  });
}

function walk(steps: readonly unknown[], path: Path, check: Check): void {
  steps.forEach((value, index) => {
    const step = asObject(value);
    if (step === undefined) return;
    const here = [...path, index];
    if (step.uses === 'approval')
      checkApproval(asObject(step.with) ?? {}, [...here, 'with'], check);
    walk(asList(step.parallel), [...here, 'parallel'], check);
    walk(asList(asObject(step.forEach)?.steps), [...here, 'forEach', 'steps'], check);
  });
}

function principals(raw: Raw | undefined): Approvers {
  return { people: asStrings(raw?.people), groups: asStrings(raw?.groups) };
}

/**
 * Reports unknown names; returns the distinct persons the list stands for, or `undefined` when
 * that cannot be known (groups without a directory, or names that are unknown).
 */
function checkNames(list: Approvers, path: Path, check: Check): Set<string> | undefined {
  const { directory } = check;
  const persons = new Set(list.people);
  if (directory === undefined) return list.groups.length === 0 ? persons : undefined;
  let unknown = false;
  const hint = (kind: 'people' | 'groups', name: string, known: string[]) => {
    const guess = didYouMean(name, known);
    if (guess !== undefined) return `did you mean "${guess}"?`;
    return directory.file === null
      ? `no people.yaml was found beside the runbook or in a folder above it; add one (kind: People) that defines "${name}"`
      : `${kind} defined in ${directory.file}: ${known.join(', ') || '(none)'}`;
  };
  list.people.forEach((name, index) => {
    if (name in directory.people) return;
    unknown = true;
    const known = Object.keys(directory.people);
    report(
      check,
      'RB6001',
      [...path, 'people', index],
      `unknown person "${name}"`,
      hint('people', name, known),
    );
  });
  list.groups.forEach((name, index) => {
    const members = directory.groups[name];
    if (members !== undefined) {
      for (const member of members) persons.add(member);
      return;
    }
    unknown = true;
    const known = Object.keys(directory.groups);
    report(
      check,
      'RB6002',
      [...path, 'groups', index],
      `unknown group "${name}"`,
      hint('groups', name, known),
    );
  });
  return unknown ? undefined : persons;
}

function checkAccess(access: Raw, check: Check): Set<string> | undefined {
  const list = principals(access);
  const slackUserGroups = asStrings(access.slackUserGroups);
  const channels = asStrings(access.channels);
  if (
    slackUserGroups.length > 0 ||
    (list.people.length === 0 && list.groups.length === 0 && channels.length > 0)
  ) {
    // Members of Slack user groups, or anyone in the channels, may start: not known here.
    checkNames(list, ['spec', 'access'], check);
    return undefined;
  }
  if (list.people.length === 0 && list.groups.length === 0) {
    report(
      check,
      'RB6006',
      ['spec', 'access'],
      'spec.access lists nobody: no one could start this runbook',
      'name people or groups from people.yaml, or remove access: to let anyone start it',
    );
    return undefined;
  }
  return checkNames(list, ['spec', 'access'], check);
}

function checkApproval(input: Raw, path: Path, check: Check): void {
  checkEscalationGroup(input, path, check);
  const approvers = asObject(input.approvers);
  const list = principals(approvers);
  if (asStrings(approvers?.slackUserGroups).length > 0) {
    // Members of Slack user groups may decide too: how many persons can approve is not known here.
    checkNames(list, [...path, 'approvers'], check);
    return;
  }
  if (list.people.length === 0 && list.groups.length === 0) return; // anyone but the starter
  const persons = checkNames(list, [...path, 'approvers'], check);
  if (persons === undefined) return;
  const required = typeof input.required === 'number' ? input.required : 1;
  if (required <= persons.size) {
    checkStartersCanPass(input, path, persons, required, check);
    return;
  }
  const count = persons.size;
  report(
    check,
    'RB2008',
    input.required === undefined ? [...path, 'approvers'] : [...path, 'required'],
    `approval needs ${required} different approvers but only ${count} ${count === 1 ? 'person' : 'persons'} can approve${count === 0 ? '' : ` (${[...persons].sort().join(', ')})`}`,
    `lower "required" to at most ${count}, or add people or groups to approvers`,
  );
}

/**
 * Self-approval is off by default, so the person who started a run never counts. When everyone
 * `spec.access` lets start the run is also one of exactly `required` approvers, every run is one
 * approver short: no run could ever pass the gate.
 */
function checkStartersCanPass(
  input: Raw,
  path: Path,
  persons: ReadonlySet<string>,
  required: number,
  check: Check,
): void {
  const { starters } = check;
  if (input.allowSelfApproval === true || starters === undefined || starters.size === 0) return;
  if (persons.size !== required || ![...starters].every((s) => persons.has(s))) return;
  const names = [...starters].sort().join(', ');
  report(
    check,
    'RB2008',
    input.required === undefined ? [...path, 'approvers'] : [...path, 'required'],
    `approval needs ${required} different approvers, but whoever starts the run (spec.access: ${names}) is one of the ${required} and may not approve their own run, so no run could pass`,
    `lower "required" to ${required - 1}, add an approver who may not start the run, or set allowSelfApproval: true`,
  );
}

/**
 * `escalateAfter.mention` without `@` (and not a Slack `S…` id) names a group of people.yaml: it
 * must exist there, like a group of `approvers`.
 */
function checkEscalationGroup(input: Raw, path: Path, check: Check): void {
  const mention = asObject(input.escalateAfter)?.mention;
  if (typeof mention !== 'string' || !/^[a-z]/.test(mention) || check.directory === undefined) {
    return;
  }
  if (check.directory.groups[mention] !== undefined) return;
  const known = Object.keys(check.directory.groups);
  const guess = didYouMean(mention, known);
  report(
    check,
    'RB6002',
    [...path, 'escalateAfter', 'mention'],
    `unknown group "${mention}" in escalateAfter.mention`,
    guess !== undefined
      ? `did you mean "${guess}"? (a Slack user group is written @handle)`
      : `write a group of ${check.directory.file ?? 'people.yaml'} (${known.join(', ') || 'none defined'}), or a Slack user group as @handle`,
  );
}
