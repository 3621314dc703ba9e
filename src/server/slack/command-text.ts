// The text of `/runbook …`, typed by any user of the workspace: the verb, then for `run` the same
// reading as a pull request comment's (../command-words.ts). Values are data. Pure.
import { shown } from '../../runbook/bounded-text.js';
import { LIMITS } from '../../runbook/limits.js';
import { parseRunWords, splitCommandWords } from '../command-words.js';

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

/**
 * Parses `/runbook` text. Slack turns smart quotes into “ ” when users paste; they are read as
 * plain double quotes.
 */
export function parseCommandText(text: string): ParsedCommand {
  if (text.length > MAX_COMMAND_TEXT) {
    return fail(`the command is ${text.length} characters long; the limit is ${MAX_COMMAND_TEXT}`);
  }
  const split = splitCommandWords(text, MAX_WORDS);
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
  const parsed = parseRunWords(words);
  return parsed.ok
    ? { ok: true, command: { verb: 'run', name: parsed.name, params: parsed.params } }
    : parsed;
}
