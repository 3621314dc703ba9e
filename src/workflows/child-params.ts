import type { JsonObject, JsonValue, RunbookDefinition } from '../runbook/model.js';
import { SECRET_TOKEN_PATTERN } from '../runbook/secret-token.js';

export interface ChildParams {
  /** The child's params: what the `runbook:` step passed, then the child's defaults. */
  readonly params: Record<string, JsonValue>;
  /** Required params of the child (no default) the step did not pass. */
  readonly missing: readonly string[];
}

/**
 * The params a child run starts with. A parent's rendered `params:` holds what its expressions
 * produced: a secret param of the parent renders as its token (`[[secret:env:X]]`), which becomes
 * the reference again for a child secret param, but only for references the parent run itself
 * declared, so a plain string cannot turn into a secret reference on the way down.
 */
export function childParams(
  child: RunbookDefinition,
  rendered: JsonObject,
  parentSecretRefs: readonly string[],
): ChildParams {
  const params: Record<string, JsonValue> = {};
  const missing: string[] = [];
  for (const [name, spec] of Object.entries(child.params)) {
    const value = rendered[name];
    if (value === undefined) {
      if (spec.default === undefined) missing.push(name);
      else params[name] = spec.default;
      continue;
    }
    params[name] =
      spec.type === 'secret' && typeof value === 'string'
        ? (declaredReference(value, parentSecretRefs) ?? value)
        : value;
  }
  return { params, missing };
}

function declaredReference(text: string, refs: readonly string[]): string | undefined {
  const matches = [...text.matchAll(new RegExp(SECRET_TOKEN_PATTERN.source, 'g'))];
  const [only] = matches;
  if (matches.length !== 1 || only === undefined || only[0] !== text) return undefined;
  const reference = only[1];
  return reference !== undefined && refs.includes(reference) ? reference : undefined;
}
