/**
 * Text that goes into a message or a terminal: cut to a bounded length, with control characters
 * shown as escapes so that a value cannot forge lines, move the cursor or recolour the output.
 * Pure.
 */
import { REPORT_LIMITS } from './limits.js';

/**
 * C0 controls except tab, DEL, C1 controls (U+0080–U+009F, e.g. the 8-bit CSI U+009B), the Unicode
 * line and paragraph separators, and bidirectional overrides and isolates (which reorder what a
 * reader sees: "Trojan Source").
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\u001b': '\\e' };

/** `text` with every unsafe character written as an escape (`\n`, `\e`, `\u009b`). */
export function escapeControl(text: string): string {
  return text.replace(
    UNSAFE,
    (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * `text` with every unsafe character replaced by `?`: for a code frame, where a caret must stay
 * under the same column (an escape would be wider than the character).
 */
export function maskControl(text: string): string {
  return text.replace(UNSAFE, '?');
}

/** Whether `text` holds a character {@link escapeControl} would escape. */
export function hasControl(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}

/** `text` cut to `max` characters, with "…" and the number of characters left out. */
export function cut(text: string, max: number = REPORT_LIMITS.maxQuotedLength): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** A value for a message: cut, then escaped. */
export function shown(text: string, max: number = REPORT_LIMITS.maxQuotedLength): string {
  return escapeControl(cut(text, max));
}
