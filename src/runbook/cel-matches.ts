/**
 * CEL's `matches()` on a linear-time engine.
 *
 * cel-js implements `string.matches(string)` with JavaScript's backtracking RegExp, and its
 * registry refuses a second overload with the same signature. So the runbook environments
 * register {@link SAFE_MATCHES} on RE2JS (see safe-regex.ts), and every parsed expression has its
 * `matches` calls pointed at it ({@link useSafeMatches}) before it is checked or evaluated: the
 * built-in is never reached. Pure.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { PatternError, testPattern } from './safe-regex.js';

/** The name the rewritten calls use; messages show it as `matches` again. */
export const SAFE_MATCHES = 'runbookMatches';

/** Registers `string.runbookMatches(string): bool` on RE2JS. */
export function registerSafeMatches(env: Environment): Environment {
  return env.registerFunction(`string.${SAFE_MATCHES}(string): bool`, (value, pattern) => {
    try {
      return testPattern(pattern as string, value as string);
    } catch (error) {
      if (error instanceof PatternError) throw new Error(`matches(): ${error.message}`);
      throw error;
    }
  });
}

interface Node {
  op: string;
  args: unknown;
}

function isNode(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && 'op' in value && 'args' in value;
}

/** Children of a node: arrays, and the named parts of a comprehension. */
function children(node: Node): unknown[] {
  const args = node.args;
  if (Array.isArray(args)) return args;
  if (args !== null && typeof args === 'object' && !isNode(args)) return Object.values(args);
  return [args];
}

/**
 * Points every `x.matches(p)` call of a parsed expression at the RE2 implementation. Returns the
 * literal patterns found (`x.matches('^a+$')`), so that validation can compile them.
 */
export function useSafeMatches(
  ast: unknown,
): Array<{ pattern: string; start: number; end: number }> {
  const literals: Array<{ pattern: string; start: number; end: number }> = [];
  const stack: unknown[] = [ast];
  while (stack.length > 0) {
    const item = stack.pop();
    if (Array.isArray(item)) {
      stack.push(...item);
      continue;
    }
    if (!isNode(item)) continue;
    const args = item.args;
    if (item.op === 'rcall' && Array.isArray(args) && args[0] === 'matches') {
      args[0] = SAFE_MATCHES;
      const [first] = (Array.isArray(args[2]) ? args[2] : []) as unknown[];
      if (isNode(first) && first.op === 'value' && typeof first.args === 'string') {
        const at = first as unknown as { start?: number; end?: number };
        literals.push({ pattern: first.args, start: at.start ?? 0, end: at.end ?? 0 });
      }
    }
    stack.push(...children(item));
  }
  return literals;
}

/** A cel-js message with the rewritten name shown as the author wrote it. */
export function showMatches(message: string): string {
  return message.replaceAll(SAFE_MATCHES, 'matches');
}
