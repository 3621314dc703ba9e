// `/runbook run <name> key=value…` in a pull request comment: read exactly as `/runbook run` in
// Slack (../command-words.ts), as data, never as YAML or a shell line. Bounded: one line, a few
// thousand characters, the documented number of params.
import { shown } from '../../runbook/bounded-text.js';
import { LIMITS } from '../../runbook/limits.js';
import {
  type ParsedRun,
  parseRunWords,
  RUN_COMMAND_USAGE,
  splitCommandWords,
} from '../command-words.js';

/** The longest command line read; a longer line is refused, not cut. */
export const MAX_COMMAND_LENGTH = 4000;
/** `/runbook run <name>`, the params a runbook may have, and one more to say there are too many. */
const MAX_WORDS = LIMITS.maxParamCount + 4;

/**
 * The command in a comment's first line, or `undefined` when the comment is not a `/runbook`
 * command at all (then nothing is answered). A malformed command is `{ ok: false }` with what to
 * fix.
 */
export function parseRunCommand(body: string): ParsedRun | undefined {
  const firstLine = (body.split(/\r?\n/, 1)[0] ?? '').trim();
  if (firstLine !== '/runbook' && !firstLine.startsWith('/runbook ')) return undefined;
  if (firstLine.length > MAX_COMMAND_LENGTH) {
    return {
      ok: false,
      message: `the command is ${firstLine.length} characters long; the limit is ${MAX_COMMAND_LENGTH}`,
    };
  }
  const split = splitCommandWords(firstLine, MAX_WORDS);
  if ('error' in split) {
    return {
      ok: false,
      message: `could not read the command: ${split.error}; use ${RUN_COMMAND_USAGE}`,
    };
  }
  const [, verb, ...rest] = split.words;
  if (verb !== 'run') {
    return {
      ok: false,
      message: `unknown command ${verb === undefined ? '(none)' : `"${shown(verb, 40)}"`}; use ${RUN_COMMAND_USAGE}`,
    };
  }
  return parseRunWords(rest);
}
