/**
 * Turns zod issues into positioned diagnostics with a fix in the hint (allowed values, expected
 * type, `did you mean`). Pure: no I/O.
 */
import type { z } from 'zod';
import { type Diagnostic, didYouMean } from './diagnostics.js';
import { DURATION_PATTERN, DurationError, parseDuration } from './duration.js';
import { formatPath, type Locator, type Path } from './locate.js';
import {
  LOOP_VAR_PATTERN,
  PARAM_NAME_PATTERN,
  RUNBOOK_NAME_PATTERN,
  STEP_ID_PATTERN,
} from './schema.js';

type Issue = z.core.$ZodIssue;

const PATTERN_MEANINGS: Array<[RegExp, string, string]> = [
  [
    STEP_ID_PATTERN,
    'a step id',
    'start with a lowercase letter; then letters, digits, "-" or "_" (e.g. "set-image")',
  ],
  [PARAM_NAME_PATTERN, 'a param name', 'use letters, digits and "_", not starting with a digit'],
  [
    RUNBOOK_NAME_PATTERN,
    'a runbook name',
    'use lowercase letters, digits and "-", e.g. "deploy-service"',
  ],
  [LOOP_VAR_PATTERN, 'a variable name', 'use letters, digits and "_", not starting with a digit'],
];

/** The names allowed at `path` in `schema`, for `did you mean` on unknown keys. */
export function keysAt(schema: z.ZodType, path: Path): string[] {
  let current: unknown = schema;
  const unwrap = (s: unknown): unknown => {
    for (let i = 0; i < 20; i++) {
      const def = (s as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
      if (def === undefined) return s;
      if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') {
        s = def.innerType;
      } else if (def.type === 'lazy') {
        s = (def.getter as () => unknown)();
      } else if (def.type === 'pipe') {
        s = def.in;
      } else {
        return s;
      }
    }
    return s;
  };
  const objectOf = (s: unknown): unknown => {
    const u = unwrap(s);
    const def = (u as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (def?.type === 'union') {
      for (const option of def.options as unknown[]) {
        const inner = unwrap(option);
        if ((inner as { _zod?: { def?: { type?: string } } })._zod?.def?.type === 'object') {
          return inner;
        }
      }
    }
    return u;
  };
  for (const segment of path) {
    const node = objectOf(current);
    const def = (node as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (def === undefined) return [];
    if (def.type === 'object') {
      current = (def.shape as Record<string, unknown>)[String(segment)];
    } else if (def.type === 'array') {
      current = def.element;
    } else if (def.type === 'record') {
      current = def.valueType;
    } else {
      return [];
    }
    if (current === undefined) return [];
  }
  const node = objectOf(current);
  const def = (node as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
  return def?.type === 'object' ? Object.keys(def.shape as Record<string, unknown>) : [];
}

function valueAt(root: unknown, path: Path): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

function where(path: Path): string {
  return path.length === 0 ? 'the document' : formatPath(path);
}

/**
 * Converts the issues of `schema.safeParse(root at basePath)` into diagnostics. `basePath` is
 * where the validated value sits in the whole document (for `with:` of an action).
 */
export function issuesToDiagnostics(
  issues: readonly Issue[],
  options: {
    schema: z.ZodType;
    root: unknown;
    basePath: Path;
    locator: Locator;
    /** Code for every issue instead of the per-kind code (e.g. RB2004 for action inputs). */
    code?: string;
  },
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { locator, basePath, root, schema } = options;
  const push = (
    code: string,
    path: Path,
    message: string,
    hint: string | undefined,
    part: 'key' | 'value' = 'value',
  ) => {
    const span = locator.at([...basePath, ...path], part);
    out.push({
      code: options.code ?? code,
      severity: 'error',
      message,
      file: locator.file,
      ...span,
      ...(hint === undefined ? {} : { hint }),
    });
  };

  const handle = (issue: Issue, prefix: Path): void => {
    const path: Path = [...prefix, ...(issue.path as Array<string | number>)];
    const full = [...basePath, ...path];
    const value = valueAt(root, path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = keysAt(schema, path);
        for (const key of issue.keys) {
          const guess = didYouMean(key, allowed);
          push(
            'RB1001',
            [...path, key],
            `unknown key "${key}" in ${where(full)}`,
            guess !== undefined
              ? `did you mean "${guess}"?`
              : allowed.length > 0
                ? `allowed keys: ${allowed.join(', ')}`
                : undefined,
            'key',
          );
        }
        return;
      }
      case 'invalid_type': {
        if (value === undefined) {
          const last = path[path.length - 1];
          push(
            'RB1002',
            path.slice(0, -1),
            `missing required key "${String(last)}" in ${where(full.slice(0, -1))}`,
            `add "${String(last)}:" (${article(issue.expected)})`,
          );
          return;
        }
        const durationHint =
          issue.expected === 'string' && typeof value === 'number'
            ? `quote it as a string; for a duration write a unit, e.g. "${value}s"`
            : typeof value === 'string' && ['number', 'int', 'boolean'].includes(issue.expected)
              ? 'write it without quotes'
              : undefined;
        push(
          'RB1003',
          path,
          `${where(full)} must be ${article(issue.expected)}, not ${describe(value)}`,
          durationHint,
        );
        return;
      }
      case 'invalid_value': {
        const allowed = issue.values.map((v) => JSON.stringify(v));
        const guess =
          typeof value === 'string'
            ? didYouMean(
                value,
                issue.values.filter((v): v is string => typeof v === 'string'),
              )
            : undefined;
        push(
          'RB1004',
          path,
          `${where(full)} cannot be ${describe(value)}`,
          guess !== undefined ? `did you mean "${guess}"?` : `allowed: ${allowed.join(', ')}`,
        );
        return;
      }
      case 'invalid_format': {
        const pattern = 'pattern' in issue ? String(issue.pattern) : '';
        if (pattern === String(DURATION_PATTERN) && typeof value === 'string') {
          let message = `invalid duration "${value}"`;
          try {
            parseDuration(value);
          } catch (error) {
            if (error instanceof DurationError) message = error.message;
          }
          push(
            'RB1010',
            path,
            `${where(full)}: ${message}`,
            'durations look like "30s", "5m", "1h30m", "2d" or "250ms"',
          );
          return;
        }
        const meaning = PATTERN_MEANINGS.find(([re]) => String(re) === pattern);
        if (meaning !== undefined) {
          push(
            'RB1004',
            path,
            `${where(full)}: ${describe(value)} is not a valid ${meaning[1].replace(/^an? /, '')}`,
            `${meaning[1]} must ${meaning[2]}`,
          );
          return;
        }
        // A schema that gave the pattern its own message (`is not owner/name`) says it in words.
        const custom = issue.message.startsWith('Invalid') ? undefined : issue.message;
        push(
          'RB1004',
          path,
          custom === undefined
            ? `${where(full)}: ${describe(value)} does not match ${pattern}`
            : `${where(full)}: ${describe(value)} ${custom}`,
          undefined,
        );
        return;
      }
      case 'invalid_union': {
        // Report the branch that matches the kind of value given (object, list, string …).
        const branches = issue.errors.filter(
          (branch) =>
            !branch.every((inner) => inner.code === 'invalid_type' && inner.path.length === 0),
        );
        const chosen = branches[0];
        if (chosen !== undefined) {
          for (const inner of chosen) handle(inner, path);
          return;
        }
        const expected = [
          ...new Set(
            issue.errors.flatMap((branch) =>
              branch.map((inner) =>
                inner.code === 'invalid_type'
                  ? inner.expected
                  : inner.code === 'invalid_value'
                    ? inner.values.map((v) => JSON.stringify(v)).join(' or ')
                    : 'another value',
              ),
            ),
          ),
        ];
        if (value === undefined) {
          const last = path[path.length - 1];
          push(
            'RB1002',
            path.slice(0, -1),
            `missing required key "${String(last)}" in ${where(full.slice(0, -1))}`,
            `add "${String(last)}:" (${expected.map(article).join(' or ')})`,
          );
          return;
        }
        push(
          'RB1003',
          path,
          `${where(full)} must be ${expected.map(article).join(' or ')}, not ${describe(value)}`,
          undefined,
        );
        return;
      }
      case 'too_small':
      case 'too_big': {
        const bound = issue.code === 'too_small' ? 'at least' : 'at most';
        const limit = String(issue.code === 'too_small' ? issue.minimum : issue.maximum);
        const what =
          issue.origin === 'array'
            ? `must have ${bound} ${limit} item${limit === '1' ? '' : 's'}`
            : issue.origin === 'string'
              ? `must have ${bound} ${limit} characters`
              : `must be ${bound} ${limit}`;
        push('RB1004', path, `${where(full)} ${what}`, undefined);
        return;
      }
      default:
        push('RB1004', path, `${where(full)}: ${issue.message}`, undefined);
    }
  };

  for (const issue of issues) handle(issue, []);
  return out;
}

function article(type: string): string {
  const names: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    int: 'an integer',
    boolean: 'true or false',
    record: 'a mapping',
  };
  return names[type] ?? type;
}
