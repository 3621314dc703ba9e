// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
/**
 * The action half of `runbook validate`: the `uses:` value must name an available action of the
 * registry (src/runbook/actions), and `with:` must fit that action's input schema, the same
 * schema its activity parses at run time. Each problem is reported at the offending key or value.
 * Pure: no I/O.
 */
import { type ActionDefinition, lookupAction } from './actions/index.js';
import type { Diagnostic } from './diagnostics.js';
import { hasExpression } from './expressions.js';
import type { Locator, Path } from './locate.js';
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
  const diagnostics = issuesToDiagnostics(issues, {
    schema: found.action.input,
    root: input,
    basePath: [...path, 'with'],
    locator,
    code: 'RB2004',
  });
  return { valid: diagnostics.length === 0, action: found.action, diagnostics };
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
