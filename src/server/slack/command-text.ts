// The text of `/runbook …`, typed by any user of the workspace: split into words with shell-like
// quoting (`key="a b"`, `key='a b'`, `\"` inside double quotes), each `key=value` kept as a
// string. Values are data: nothing here evaluates, expands or parses them as YAML. Pure.
import { shown } from '../../runbook/bounded-text.js';
import { LIMITS } from '../../runbook/limits.js';
import { PARAM_NAME_PATTERN, RUNBOOK_NAME_PATTERN } from '../../runbook/schema.js';

/** Slack caps a command's text near this; anything longer is not from Slack's composer. */
export const MAX_COMMAND_TEXT = 8_000;
/** More words than params a runbook may have, plus the verb and the name. */
const MAX_WORDS = LIMITS.maxParamCount + 2;

export type SlackCommand =
  | { readonly verb: 'help' }
  | { readonly verb: 'list' }
  | { readonly verb: 'status'; readonly runId: string }
  | {
      readonly verb: 'run';
      readonly name: string;
      /** Raw `key=value` strings, own properties only, in the order typed. */
      readonly params: Readonly<Record<string, string>>;
    };

export type ParsedCommand =
  | { readonly ok: true; readonly command: SlackCommand }
  | { readonly ok: false; readonly message: string };

const fail = (message: string): ParsedCommand => ({ ok: false, message });

/** Splits `text` into words, or says why it cannot (an unterminated quote, too many words). */
export function splitWords(text: string): { words: string[] } | { error: string } {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
        current += text[i + 1];
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
    if (words.length > MAX_WORDS) return { error: `more than ${MAX_WORDS} words` };
  }
  if (quote !== undefined) return { error: `a ${quote} quote is not closed` };
  if (inWord) words.push(current);
  return { words };
}

/**
 * Parses `/runbook` text. Slack turns smart quotes into “ ” when users paste; they are read as
 * plain double quotes.
 */
export function parseCommandText(text: string): ParsedCommand {
  if (text.length > MAX_COMMAND_TEXT) {
    return fail(`the command is ${text.length} characters long; the limit is ${MAX_COMMAND_TEXT}`);
  }
  const split = splitWords(text.replace(/[\u201c\u201d]/g, '"').replace(/[\u2018\u2019]/g, "'"));
  if ('error' in split) return fail(`could not read the command: ${split.error}`);
  const [verb, ...rest] = split.words;
  switch (verb?.toLowerCase()) {
    case undefined:
    case 'help':
      return { ok: true, command: { verb: 'help' } };
    case 'list':
    case 'ls':
      return { ok: true, command: { verb: 'list' } };
    case 'status': {
      const [runId, ...extra] = rest;
      if (runId === undefined || extra.length > 0) {
        return fail('`status` takes one run id: `/runbook status <run-id>`');
      }
      if (runId.length > 1000 || /[\s\p{Cc}]/u.test(runId)) {
        return fail(`"${shown(runId, 64)}" is not a run id`);
      }
      return { ok: true, command: { verb: 'status', runId } };
    }
    case 'run':
      return parseRun(rest);
    default:
      return fail(
        `unknown command "${shown(verb ?? '', 32)}": use run, list, status or help (\`/runbook help\`)`,
      );
  }
}

function parseRun(words: readonly string[]): ParsedCommand {
  const [name, ...assignments] = words;
  if (name === undefined)
    return fail('`run` needs a runbook name: `/runbook run <name> key=value…`');
  if (name.length > 63 || !RUNBOOK_NAME_PATTERN.test(name)) {
    return fail(
      `"${shown(name, 64)}" is not a runbook name (lowercase letters, digits and "-"); see \`/runbook list\``,
    );
  }
  const params = new Map<string, string>();
  for (const word of assignments) {
    const equals = word.indexOf('=');
    if (equals <= 0) {
      return fail(`"${shown(word, 64)}" is not key=value; quote a value with spaces: key="a b"`);
    }
    const key = word.slice(0, equals);
    if (key.length > 64 || !PARAM_NAME_PATTERN.test(key)) {
      return fail(`"${shown(key, 64)}" is not a param name (letters, digits and "_")`);
    }
    if (params.has(key)) return fail(`param "${key}" is given twice`);
    params.set(key, word.slice(equals + 1));
  }
  // fromEntries defines own properties: `__proto__` is a name like any other.
  return { ok: true, command: { verb: 'run', name, params: Object.fromEntries(params) } };
}
