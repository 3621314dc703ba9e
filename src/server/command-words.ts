// `run <name> key=value…` as people type it in Slack (`/runbook run …`) and in a pull request
// comment (`/runbook run …` on its first line): one reading for both, so a command that works in
// one works in the other. Words split with shell-like quoting (`key="a b"`, `key='a b'`, `\"`
// inside double quotes; pasted smart quotes read as plain ones); each `key=value` kept as a
// string. Values are data: nothing here evaluates, expands or parses them as YAML. Pure.
import { shown } from '../runbook/bounded-text.js';
import { LIMITS } from '../runbook/limits.js';
import { PARAM_NAME_PATTERN, RUNBOOK_NAME_PATTERN } from '../runbook/schema.js';

export const RUN_COMMAND_USAGE =
  '`/runbook run <name> key=value…` (quote a value with spaces: key="a b")';

export type ParsedRun =
  | {
      readonly ok: true;
      readonly name: string;
      /** Raw `key=value` strings, own properties only (`__proto__` too), in the order typed. */
      readonly params: Readonly<Record<string, string>>;
    }
  | { readonly ok: false; readonly message: string };

/**
 * Splits `text` into words, or says why it cannot (an unterminated quote, more than `maxWords`
 * words: the splitting stops there, so a huge text costs no more than a short one).
 */
export function splitCommandWords(
  text: string,
  maxWords: number,
): { words: string[] } | { error: string } {
  const plain = text.replace(/[\u201c\u201d]/g, '"').replace(/[\u2018\u2019]/g, "'");
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < plain.length; i++) {
    const char = plain[i] as string;
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && (plain[i + 1] === '"' || plain[i + 1] === '\\')) {
        current += plain[i + 1];
        i++;
      } else current += char;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
    if (words.length > maxWords) return { error: `more than ${maxWords} words` };
  }
  if (quote !== undefined) return { error: `a ${quote} quote is not closed` };
  if (inWord) words.push(current);
  return { words };
}

const refuse = (message: string): ParsedRun => ({ ok: false, message });

/** Reads the words after `run`: a runbook name, then `key=value` params. */
export function parseRunWords(words: readonly string[]): ParsedRun {
  const [name, ...assignments] = words;
  if (name === undefined) return refuse(`no runbook name; use ${RUN_COMMAND_USAGE}`);
  if (name.length > 63 || !RUNBOOK_NAME_PATTERN.test(name)) {
    return refuse(
      `"${shown(name, 64)}" is not a runbook name (lowercase letters, digits and "-"); see \`/runbook list\``,
    );
  }
  if (assignments.length > LIMITS.maxParamCount) {
    return refuse(`${assignments.length} params were given; the limit is ${LIMITS.maxParamCount}`);
  }
  const params = new Map<string, string>();
  for (const word of assignments) {
    const equals = word.indexOf('=');
    if (equals <= 0) {
      return refuse(`"${shown(word, 64)}" is not key=value; quote a value with spaces: key="a b"`);
    }
    const key = word.slice(0, equals);
    if (key.length > 64 || !PARAM_NAME_PATTERN.test(key)) {
      return refuse(`"${shown(key, 64)}" is not a param name (letters, digits and "_")`);
    }
    if (params.has(key)) return refuse(`param "${key}" is given twice`);
    params.set(key, word.slice(equals + 1));
  }
  // fromEntries defines own properties: `__proto__` is a name like any other.
  return { ok: true, name, params: Object.fromEntries(params) };
}
