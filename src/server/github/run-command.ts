// `/runbook run <name> key=value…` in a pull request comment: parsed as data, never as YAML or a
// shell line. Bounded: one line, a few thousand characters, the documented number of params.
import { shown } from '../../runbook/bounded-text.js';
import { LIMITS } from '../../runbook/limits.js';
import { PARAM_NAME_PATTERN, RUNBOOK_NAME_PATTERN } from '../../runbook/schema.js';

export const RUN_COMMAND_USAGE =
  '`/runbook run <name> key=value…` (values with spaces in "double quotes")';

/** The longest command line read; a longer line is refused, not cut. */
export const MAX_COMMAND_LENGTH = 4000;

export type RunCommand =
  | { readonly ok: true; readonly name: string; readonly params: Record<string, string> }
  | { readonly ok: false; readonly message: string };

/** Splits on spaces; `"…"` keeps spaces (no escapes inside). `undefined` on an open quote. */
function tokens(line: string): string[] | undefined {
  const out: string[] = [];
  let current = '';
  let started = false;
  let quoted = false;
  for (const c of line) {
    if (c === '"') {
      quoted = !quoted;
      started = true;
    } else if (!quoted && (c === ' ' || c === '\t')) {
      if (started) out.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (quoted) return undefined;
  if (started) out.push(current);
  return out;
}

/**
 * The command in a comment's first line, or `undefined` when the comment is not a `/runbook`
 * command at all (then nothing is answered). A malformed command is `{ ok: false }` with what to
 * fix.
 */
export function parseRunCommand(body: string): RunCommand | undefined {
  const firstLine = (body.split(/\r?\n/, 1)[0] ?? '').trim();
  if (firstLine !== '/runbook' && !firstLine.startsWith('/runbook ')) return undefined;
  if (firstLine.length > MAX_COMMAND_LENGTH) {
    return {
      ok: false,
      message: `the command is ${firstLine.length} characters long; the limit is ${MAX_COMMAND_LENGTH}`,
    };
  }
  const words = tokens(firstLine);
  if (words === undefined)
    return { ok: false, message: `a "double quote" is not closed; use ${RUN_COMMAND_USAGE}` };
  const [, verb, name, ...pairs] = words;
  if (verb !== 'run') {
    return {
      ok: false,
      message: `unknown command ${verb === undefined ? '(none)' : `"${shown(verb, 40)}"`}; use ${RUN_COMMAND_USAGE}`,
    };
  }
  if (name === undefined || !RUNBOOK_NAME_PATTERN.test(name) || name.length > 100) {
    return {
      ok: false,
      message: `${name === undefined ? 'no runbook name' : `"${shown(name, 100)}" is not a runbook name`}; use ${RUN_COMMAND_USAGE}`,
    };
  }
  if (pairs.length > LIMITS.maxParamCount) {
    return {
      ok: false,
      message: `${pairs.length} params were given; the limit is ${LIMITS.maxParamCount}`,
    };
  }
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const key = at < 0 ? pair : pair.slice(0, at);
    if (at < 0 || !PARAM_NAME_PATTERN.test(key) || key.length > 64) {
      return {
        ok: false,
        message: `"${shown(pair, 80)}" is not key=value; use ${RUN_COMMAND_USAGE}`,
      };
    }
    if (Object.hasOwn(params, key)) return { ok: false, message: `param "${key}" is given twice` };
    // Own property even for `__proto__`: a key is data, never a prototype.
    Object.defineProperty(params, key, {
      value: pair.slice(at + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return { ok: true, name, params };
}
