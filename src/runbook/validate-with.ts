// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
/**
 * The action half of `runbook validate`: the `uses:` value must name an available action of the
 * registry (src/runbook/actions), and `with:` must fit that action's input schema, the same
 * schema its activity parses at run time. Each problem is reported at the offending key or value.
 * Pure: no I/O.
 */
import type { z } from 'zod';
import { type ActionDefinition, lookupAction } from './actions/index.js';
import type { Diagnostic } from './diagnostics.js';
import { hasExpression } from './expressions.js';
import { formatPath, type Locator, type Path } from './locate.js';
import type { JsonValue } from './model.js';
import { issuesToDiagnostics } from './schema-issues.js';

export interface ActionUseCheck {
  readonly diagnostics: Diagnostic[];
  /** The action, when `uses:` names an available one. */
  readonly action?: ActionDefinition;
  /** True when the action is available and nothing in `with:` was reported. */
  readonly valid: boolean;
}

/**
 * Checks `uses:` and `with:` of a step or rollback at `path` (the step's path in the document).
 * A value that holds a `${{ }}` is accepted wherever a value may stand: its rendered type is only
 * known at run time, where the activity parses the rendered input with the same schema.
 */
export function checkActionUse(
  step: {
    readonly uses?: string | undefined;
    readonly with?: Record<string, JsonValue> | undefined;
  },
  path: Path,
  locator: Locator,
): ActionUseCheck {
  const name = step.uses ?? '';
  const at = (code: string, message: string, hint: string | undefined): Diagnostic => ({
    code,
    severity: 'error',
    message,
    file: locator.file,
    ...locator.at([...path, 'uses']),
    ...(hint === undefined ? {} : { hint }),
  });
  const found = lookupAction(name);
  switch (found.kind) {
    case 'unknown':
      return {
        valid: false,
        diagnostics: [
          at(
            'RB2003',
            `unknown action "${name}"`,
            found.suggestion !== undefined
              ? `did you mean "${found.suggestion}"?`
              : 'see docs/runbook-format.md#actions for the list of actions',
          ),
        ],
      };
    case 'unavailable':
      return {
        valid: false,
        diagnostics: [at('RB2015', `action "${name}" cannot run: ${found.reason}`, found.hint)],
      };
    case 'available':
      break;
    default: {
      const never: never = found;
      throw new Error(`unhandled action lookup ${JSON.stringify(never)}`);
    }
  }
  const input = step.with ?? {};
  const result = found.action.input.safeParse(input);
  if (result.success) return { valid: true, action: found.action, diagnostics: [] };
  const issues = result.error.issues.filter(
    (issue) => !pointsAtExpression(input, issue.path as ReadonlyArray<PropertyKey>),
  );
  const missing = issues.filter((issue) => missingKeyOf(issue, input) !== undefined);
  const diagnostics = [
    ...missing.map((issue) =>
      missingKey(
        found.action,
        missingKeyOf(issue, input) ?? '',
        step.with !== undefined,
        path,
        locator,
      ),
    ),
    ...issuesToDiagnostics(
      issues.filter((issue) => !missing.includes(issue)),
      {
        schema: found.action.input,
        root: input,
        basePath: [...path, 'with'],
        locator,
        code: 'RB2004',
      },
    ),
  ];
  return { valid: diagnostics.length === 0, action: found.action, diagnostics };
}

/** The top-level `with:` key an issue says is missing, if that is what it says. */
function missingKeyOf(
  issue: z.core.$ZodIssue,
  input: Record<string, JsonValue>,
): string | undefined {
  const [key, ...rest] = issue.path;
  if (typeof key !== 'string' || rest.length > 0 || Object.hasOwn(input, key)) return undefined;
  return issue.code === 'invalid_type' || issue.code === 'invalid_union' ? key : undefined;
}

/**
 * A required `with:` key that is absent, reported at the `with:` key (or, without `with:`, at the
 * action name), with what the key takes.
 */
function missingKey(
  action: ActionDefinition,
  key: string,
  hasWith: boolean,
  path: Path,
  locator: Locator,
): Diagnostic {
  const field = fieldOf(action.input, key);
  const takes = `${field.kind}${field.description === undefined ? '' : `: ${field.description}`}`;
  return {
    code: 'RB2004',
    severity: 'error',
    message: hasWith
      ? `missing required key "${key}" in ${formatPath([...path, 'with'])} (${action.name})`
      : `${action.name} needs "${key}" in with:, and ${formatPath(path)} has no with:`,
    file: locator.file,
    ...(hasWith ? locator.at([...path, 'with'], 'key') : locator.at([...path, 'uses'])),
    hint: `add ${hasWith ? `"${key}:" under with:` : `with: { ${key}: … }`} (${takes}); see ${action.docs}`,
  };
}

type ZodDef = { type?: string; innerType?: unknown; shape?: Record<string, unknown> };
const defOf = (schema: unknown): ZodDef | undefined =>
  (schema as { _zod?: { def?: ZodDef } } | undefined)?._zod?.def;

/** What kind of value a top-level key of an object schema takes, and its description. */
function fieldOf(schema: z.ZodType, key: string): { kind: string; description?: string } {
  const field = defOf(schema)?.shape?.[key] as z.ZodType | undefined;
  let inner: unknown = field;
  while (['optional', 'default', 'nullable'].includes(defOf(inner)?.type ?? '')) {
    inner = defOf(inner)?.innerType;
  }
  const kinds: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    int: 'an integer',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping',
    record: 'a mapping',
    enum: 'one of its allowed values',
    literal: 'a fixed value',
  };
  const kind = kinds[defOf(inner)?.type ?? ''] ?? 'a value';
  const description = field?.description?.replace(/\.$/, '');
  return description === undefined ? { kind } : { kind, description };
}

/** Whether `path` leads to, or through, a string holding a `${{ }}` expression. */
function pointsAtExpression(root: JsonValue, path: ReadonlyArray<PropertyKey>): boolean {
  let current: JsonValue | undefined = root;
  for (let depth = 0; ; depth++) {
    if (typeof current === 'string') return hasExpression(current);
    if (depth === path.length || current === null || typeof current !== 'object') return false;
    const segment = path[depth];
    if (typeof segment === 'symbol') return false;
    const key: string | number = Array.isArray(current) ? Number(segment) : String(segment);
    current = Object.hasOwn(current, key)
      ? (current as Record<string | number, JsonValue>)[key]
      : undefined;
  }
}
