/**
 * One line per problem of a rendered `with:` that its action's schema refused, for the failure an
 * activity throws at run time (`with.replicas: must be an integer, not the string "three"`).
 * The validator accepted the runbook, so such a problem comes from a `${{ }}` that rendered to a
 * value of the wrong type. Pure: no I/O.
 */
import type { z } from 'zod';
import { DURATION_PATTERN, DurationError, parseDuration } from '../duration.js';

const TYPE_NAMES: Readonly<Record<string, string>> = {
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
};

function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || typeof segment === 'symbol') {
      return undefined;
    }
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** `with.<path>: <what is wrong>` for each issue of `schema.safeParse(input)`. */
export function describeInputIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  return issues.flatMap((issue) => {
    const path = issue.path as PropertyKey[];
    const where = ['with', ...path.map(String)].join('.');
    const value = valueAt(input, path);
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((key) => `${where}.${key}: not a key this action takes`);
      case 'invalid_type':
        return value === undefined
          ? [`${where}: is required (${TYPE_NAMES[issue.expected] ?? issue.expected})`]
          : [
              `${where}: must be ${TYPE_NAMES[issue.expected] ?? issue.expected}, not ${describeValue(value)}`,
            ];
      case 'invalid_format':
        if ('pattern' in issue && String(issue.pattern) === String(DURATION_PATTERN)) {
          try {
            parseDuration(String(value));
          } catch (error) {
            if (error instanceof DurationError) return [`${where}: ${error.message}`];
            throw error;
          }
        }
        return [`${where}: ${describeValue(value)} ${issue.message.toLowerCase()}`];
      default:
        return [
          `${where}: ${issue.message}${value === undefined ? '' : ` (got ${describeValue(value)})`}`,
        ];
    }
  });
}
