/**
 * `people.yaml` text → {@link PeopleDirectory}, or every problem with its `file:line:col`, the
 * same way runbooks are reported (same codes for YAML and shape errors). Beyond the shape it
 * refuses an identity listed under two people (a vote could not say whose it is) and a group
 * naming someone who is not in `people:`. Pure: no I/O.
 */
import { isMap, LineCounter, parseDocument } from 'yaml';
import { compareDiagnostics, type Diagnostic, didYouMean, positionAt } from '../diagnostics.js';
import { createLocator, type Locator, type Path } from '../locate.js';
import { issuesToDiagnostics } from '../schema-issues.js';
import { LIMITS } from '../validate.js';
import { CHANNELS, type PeopleDirectory, type PersonEntry } from './model.js';
import { PeopleSchema, type RawPeople } from './schema.js';

export type ParsePeopleResult =
  | { ok: true; directory: PeopleDirectory }
  | { ok: false; diagnostics: Diagnostic[] };

function failure(file: string, code: string, message: string, hint: string): ParsePeopleResult {
  return {
    ok: false,
    diagnostics: [{ code, severity: 'error', message, file, line: 1, column: 1, hint }],
  };
}

/** Parses and checks one people.yaml; `file` is its repository-relative path. */
export function parsePeople(text: string, file: string): ParsePeopleResult {
  if (new TextEncoder().encode(text).length > LIMITS.maxFileBytes) {
    return failure(file, 'RB1008', 'the file is larger than 1 MiB', 'list fewer people per file');
  }
  const doc = parseDocument(text, {
    uniqueKeys: true,
    prettyErrors: false,
    lineCounter: new LineCounter(),
    strict: true,
  });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      diagnostics: doc.errors.map((error) => {
        const duplicate = error.code === 'DUPLICATE_KEY';
        return {
          code: duplicate ? 'RB1006' : 'RB1005',
          severity: 'error',
          message: duplicate
            ? 'duplicate key: a key may appear only once in a mapping'
            : `YAML syntax error: ${error.message.split('\n')[0]}`,
          file,
          ...positionAt(text, error.pos[0]),
        };
      }),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: LIMITS.maxAliasCount });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return failure(
      file,
      'RB1007',
      `YAML aliases expand too much (more than ${LIMITS.maxAliasCount} alias uses)`,
      'write the repeated parts out',
    );
  }
  if (!isMap(doc.contents)) {
    return failure(
      file,
      'RB1009',
      'this file is not a people directory: expected a mapping with apiVersion, kind and people',
      'start the file with "apiVersion: runbook-runner/v1" and "kind: People"',
    );
  }
  const locator = createLocator(doc, text, file);
  const parsed = PeopleSchema.safeParse(value);
  if (!parsed.success) {
    const diagnostics = issuesToDiagnostics(parsed.error.issues, {
      schema: PeopleSchema,
      root: value,
      basePath: [],
      locator,
    });
    return { ok: false, diagnostics: diagnostics.sort(compareDiagnostics) };
  }
  const diagnostics = checkPeople(parsed.data, locator);
  if (diagnostics.length > 0)
    return { ok: false, diagnostics: diagnostics.sort(compareDiagnostics) };
  return { ok: true, directory: normalize(parsed.data, file) };
}

function checkPeople(raw: RawPeople, locator: Locator): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (code: string, path: Path, message: string, hint: string) => {
    out.push({ code, severity: 'error', message, file: locator.file, ...locator.at(path), hint });
  };
  const owners = new Map<string, string>();
  for (const [person, entry] of Object.entries(raw.people)) {
    for (const channel of CHANNELS) {
      (entry[channel] ?? []).forEach((id, index) => {
        const key = `${channel}:${channel === 'github' ? id.toLowerCase() : id}`;
        const owner = owners.get(key);
        if (owner === undefined) {
          owners.set(key, person);
        } else if (owner !== person) {
          report(
            'RB6003',
            ['people', person, channel, index],
            `identity ${channel}:${id} is listed under both "${owner}" and "${person}"`,
            'an identity belongs to exactly one person; remove it from one of them',
          );
        } else {
          report(
            'RB6003',
            ['people', person, channel, index],
            `identity ${channel}:${id} is listed twice under "${person}"`,
            'remove the repeated entry',
          );
        }
      });
    }
  }
  const names = Object.keys(raw.people);
  for (const [group, members] of Object.entries(raw.groups ?? {})) {
    members.forEach((member, index) => {
      if (member in raw.people) return;
      const guess = didYouMean(member, names);
      report(
        'RB6004',
        ['groups', group, index],
        `group "${group}" names "${member}", who is not in people:`,
        guess !== undefined
          ? `did you mean "${guess}"?`
          : `add "${member}" under people: with their identities, or remove them from the group`,
      );
    });
  }
  return out;
}

function normalize(raw: RawPeople, file: string): PeopleDirectory {
  const people: Record<string, PersonEntry> = {};
  for (const [name, entry] of Object.entries(raw.people)) {
    people[name] = { cli: entry.cli ?? [], slack: entry.slack ?? [], github: entry.github ?? [] };
  }
  const groups: Record<string, string[]> = {};
  for (const [name, members] of Object.entries(raw.groups ?? {}))
    groups[name] = [...new Set(members)];
  return { file, people, groups };
}
