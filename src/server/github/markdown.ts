// Untrusted text (file names, params, plan text) placed in GitHub markdown without letting it
// break out of its code span or block, or out of a table cell.
import { escapeControl } from '../../runbook/bounded-text.js';

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** An inline code span holding `text` literally (one line; `|` escaped for table cells). */
export function inlineCode(text: string): string {
  const clean = escapeControl(text).replace(/\|/g, '\\|');
  const fence = '`'.repeat(longestRun(clean, '`') + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** A fenced block holding `text` literally, fenced with more backticks than it contains in a row. */
export function codeBlock(text: string, info = 'text'): string {
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${fence}${info}\n${text.endsWith('\n') ? text : `${text}\n`}${fence}`;
}
