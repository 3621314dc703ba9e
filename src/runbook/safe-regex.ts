/**
 * Regular expressions from runbooks and params, matched in linear time.
 *
 * JavaScript's RegExp backtracks: `^(a+)+$` against "aaaa…!" takes exponential time, and in a
 * workflow task that stalls every run on the worker. Every pattern a runbook or a param supplies
 * (param `pattern:`, CEL `matches()`) goes through RE2JS instead, a pure-JavaScript port of RE2
 * that guarantees time linear in the input and runs in the workflow sandbox. RE2 syntax has no
 * backreferences and no lookaround; such patterns are refused when the runbook is validated.
 *
 * Semantics: `test` finds the pattern anywhere in the value (anchor it with `^…$` for a whole
 * match), as JavaScript's `RegExp.prototype.test` and CEL's `matches` do. Pure.
 */
import { RE2JS } from 're2js';
import { EXPRESSION_LIMITS } from './limits.js';

export type CompiledPattern =
  | { readonly ok: true; readonly regex: RE2JS }
  | { readonly ok: false; readonly message: string };

const cache = new Map<string, CompiledPattern>();
const CACHE_LIMIT = 500;

/** Compiles `pattern` with RE2 syntax; the result says why when it cannot. */
export function compilePattern(pattern: string): CompiledPattern {
  const known = cache.get(pattern);
  if (known !== undefined) return known;
  let result: CompiledPattern;
  if (pattern.length > EXPRESSION_LIMITS.maxPatternLength) {
    result = {
      ok: false,
      message: `the pattern is ${pattern.length} characters long; the limit is ${EXPRESSION_LIMITS.maxPatternLength}`,
    };
  } else {
    try {
      result = { ok: true, regex: RE2JS.compile(pattern) };
    } catch (error) {
      const said = error instanceof Error ? error.message : String(error);
      result = { ok: false, message: said.replace(/^error parsing regexp: /, '') };
    }
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, result);
  return result;
}

/** What to tell the author about a pattern RE2 refuses. */
export const PATTERN_HINT =
  'patterns use RE2 syntax, which matches in linear time: no backreferences (\\1) and no lookahead or lookbehind ((?=…), (?<=…)); see docs/security.md#linear-time-regular-expressions';

/** Thrown by {@link testPattern} for a pattern that does not compile. */
export class PatternError extends Error {
  override readonly name = 'PatternError';
  constructor(
    readonly pattern: string,
    message: string,
  ) {
    super(message);
  }
}

/** Whether `pattern` occurs in `value`, in time linear in `value`'s length. */
export function testPattern(pattern: string, value: string): boolean {
  const compiled = compilePattern(pattern);
  if (!compiled.ok) throw new PatternError(pattern, `invalid pattern: ${compiled.message}`);
  return compiled.regex.test(value);
}
