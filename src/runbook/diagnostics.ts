/**
 * Diagnostics: what the parser and validator report, and how a diagnostic is printed.
 *
 * Every diagnostic carries a stable `code` (listed in docs/errors.md) and an exact position, so
 * that editors, the CLI and GitHub annotations can point at the spot. Pure: no I/O.
 */

import { escapeControl, maskControl } from './bounded-text.js';
import { REPORT_LIMITS } from './limits.js';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable identifier such as `RB1001`; see {@link DIAGNOSTIC_CODES} and docs/errors.md. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** What to write instead: `did you mean "timeout"?`, the allowed values, an example. */
  readonly hint?: string;
}

/** Every code the runbook format can report, with its short name (docs/errors.md mirrors this). */
export const DIAGNOSTIC_CODES = {
  RB1001: 'unknown-key',
  RB1002: 'missing-key',
  RB1003: 'invalid-type',
  RB1004: 'invalid-value',
  RB1005: 'yaml-syntax',
  RB1006: 'duplicate-key',
  RB1007: 'alias-limit',
  RB1008: 'file-too-large',
  RB1009: 'not-a-runbook',
  RB1010: 'invalid-duration',
  RB1011: 'too-many-steps',
  RB1012: 'nesting-too-deep',
  RB2001: 'duplicate-step-id',
  RB2002: 'step-kind',
  RB2003: 'unknown-action',
  RB2004: 'invalid-action-input',
  RB2005: 'script-needs-shell',
  RB2006: 'shell-with-argv',
  RB2007: 'field-not-allowed',
  RB2008: 'approvals-unsatisfiable',
  RB2009: 'runbook-cycle',
  RB2010: 'unknown-runbook',
  RB2011: 'duplicate-runbook-name',
  RB2012: 'invalid-param-default',
  RB2013: 'invalid-pattern',
  RB2014: 'duration-out-of-bounds',
  RB2015: 'action-not-available',
  RB3001: 'expression-syntax',
  RB3002: 'unknown-identifier',
  RB3003: 'unknown-param',
  RB3004: 'unknown-step',
  RB3005: 'step-not-yet-run',
  RB3006: 'expression-type',
  RB3007: 'expression-in-shell-script',
  RB3008: 'unterminated-expression',
  RB3101: 'evaluation-failed',
  RB3102: 'non-json-result',
  RB3103: 'condition-not-boolean',
  RB3104: 'evaluation-budget-exceeded',
  RB4001: 'param-missing',
  RB4002: 'param-invalid',
  RB4003: 'param-unknown',
  RB6001: 'unknown-person',
  RB6002: 'unknown-group',
  RB6003: 'identity-claimed-twice',
  RB6004: 'unknown-group-member',
  RB6005: 'retired-approver-key',
  RB6006: 'access-lists-nobody',
  RB5001: 'expression-as-program',
  RB5002: 'expression-in-interpreter-code',
  RB5003: 'invalid-env-name',
  RB5004: 'expression-in-startup-variable',
  RB5005: 'invalid-regex-in-expression',
  RB5006: 'limit-exceeded',
  RB5007: 'file-refused',
  RB5008: 'yaml-tag',
  RB5009: 'invalid-text',
  RB5010: 'diagnostics-truncated',
  RB5011: 'invalid-manifest',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** Offsets where lines start, for positions in O(log n); the last text's table is kept. */
let lastText: string | undefined;
let lastStarts: number[] = [0];

function lineStartsOf(text: string): number[] {
  if (text === lastText) return lastStarts;
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  lastText = text;
  lastStarts = starts;
  return starts;
}

/** Turns an offset into a 1-based line and column, by binary search over line starts. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const starts = lineStartsOf(text);
  const at = Math.min(Math.max(offset, 0), text.length);
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= at) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: at - (starts[low] ?? 0) + 1 };
}

/** The 1-based line `line` of `text` without its line break, or undefined. */
function sourceLineOf(text: string, line: number): string | undefined {
  const starts = lineStartsOf(text);
  const start = starts[line - 1];
  if (start === undefined) return undefined;
  const next = starts[line];
  const end = next === undefined ? text.length : next - 1;
  return text.slice(start, text.charCodeAt(end - 1) === 13 ? end - 1 : end);
}

/**
 * `<file>:<line>:<col>: error: <message> [RB1001]`, then the source line with a caret under the
 * spot, then `hint: …` when there is one. A long line is cut to a window around the spot, and
 * control characters are escaped, so that a hostile file cannot flood or repaint the terminal.
 */
export function formatDiagnostic(d: Diagnostic, sourceText?: string): string {
  const out = [
    `${escapeControl(d.file)}:${d.line}:${d.column}: ${d.severity}: ${escapeControl(d.message)} [${d.code}]`,
  ];
  const sourceLine = sourceText === undefined ? undefined : sourceLineOf(sourceText, d.line);
  if (sourceLine !== undefined) {
    const gutter = String(d.line);
    const maxWidth = REPORT_LIMITS.maxCodeFrameWidth;
    const from = Math.max(0, Math.min(d.column - 1 - maxWidth / 4, sourceLine.length - maxWidth));
    const shownFrom = sourceLine.length > maxWidth ? Math.floor(from) : 0;
    const window = sourceLine.slice(shownFrom, shownFrom + maxWidth);
    const before = shownFrom > 0 ? '…' : '';
    const after = shownFrom + maxWidth < sourceLine.length ? '…' : '';
    const clean = maskControl(window);
    const width =
      d.endLine === d.line && d.endColumn !== undefined && d.endColumn > d.column
        ? d.endColumn - d.column
        : 1;
    const caretAt = Math.max(0, Math.min(d.column - 1 - shownFrom, clean.length));
    const prefix = `${before}${clean.slice(0, caretAt)}`.replace(/[^\t]/g, ' ');
    const carets = Math.max(1, Math.min(width, clean.length - caretAt + 1));
    out.push(`  ${gutter} | ${before}${clean}${after}`);
    out.push(`  ${' '.repeat(gutter.length)} | ${prefix}${'^'.repeat(carets)}`);
  }
  if (d.hint !== undefined) out.push(`  hint: ${escapeControl(d.hint)}`);
  return out.join('\n');
}

/** A GitHub Actions workflow command that annotates the pull request at the diagnostic's spot. */
export function formatGithubAnnotation(d: Diagnostic): string {
  const escapeData = (s: string) =>
    s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escapeProp = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const props = [`file=${escapeProp(d.file)}`, `line=${d.line}`, `col=${d.column}`];
  if (d.endLine !== undefined) props.push(`endLine=${d.endLine}`);
  if (d.endColumn !== undefined) props.push(`endColumn=${d.endColumn}`);
  props.push(`title=${escapeProp(d.code)}`);
  const body = d.hint === undefined ? d.message : `${d.message}\n${d.hint}`;
  return `::${d.severity} ${props.join(',')}::${escapeData(body)}`;
}

/**
 * At most {@link REPORT_LIMITS}.maxDiagnosticsPerFile diagnostics of each file, in order; the rest
 * of a file's is summed up in one RB5010 "… and N more" at the last one kept.
 */
export function capPerFile(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const max = REPORT_LIMITS.maxDiagnosticsPerFile;
  const counts = new Map<string, number>();
  const kept: Diagnostic[] = [];
  const dropped = new Map<string, { count: number; last: Diagnostic }>();
  for (const d of diagnostics) {
    const seen = (counts.get(d.file) ?? 0) + 1;
    counts.set(d.file, seen);
    if (seen <= max) {
      kept.push(d);
      continue;
    }
    const entry = dropped.get(d.file);
    if (entry === undefined) dropped.set(d.file, { count: 1, last: kept[kept.length - 1] ?? d });
    else entry.count++;
  }
  const out: Diagnostic[] = [];
  for (const d of kept) {
    out.push(d);
    const entry = dropped.get(d.file);
    if (entry !== undefined && entry.last === d) {
      out.push({
        code: 'RB5010',
        severity: 'error',
        message: `… and ${entry.count} more problem(s) in this file, not shown (checking stops early once there are this many)`,
        file: d.file,
        line: d.line,
        column: d.column,
        hint: `fix the ones above first; at most ${max} are reported per file`,
      });
    }
  }
  return out;
}

/** Sorts by file, then position, so that output is stable. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

/**
 * The closest candidate within a small edit distance, for `did you mean "…"?` hints. Bounded:
 * strings longer than {@link REPORT_LIMITS}.maxSuggestionLength are not compared, nor candidates
 * whose length alone rules them out, nor more than maxSuggestionCandidates candidates.
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  if (input.length > REPORT_LIMITS.maxSuggestionLength) return undefined;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const limit = Math.max(1, Math.floor(input.length / 3));
  let compared = 0;
  for (const candidate of candidates) {
    if (++compared > REPORT_LIMITS.maxSuggestionCandidates) break;
    if (Math.abs(candidate.length - input.length) > limit) continue;
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/**
 * Up to `max` candidates closest to `input`, nearest first: those containing it, then those
 * within didYouMean's distance. Bounded the same way as didYouMean.
 */
export function closestNames(input: string, candidates: Iterable<string>, max = 3): string[] {
  if (input.length > REPORT_LIMITS.maxSuggestionLength) return [];
  const needle = input.toLowerCase();
  const limit = Math.max(1, Math.floor(input.length / 3));
  const scored: Array<{ name: string; score: number }> = [];
  let compared = 0;
  for (const candidate of candidates) {
    if (++compared > REPORT_LIMITS.maxSuggestionCandidates) break;
    const lower = candidate.toLowerCase();
    if (needle !== '' && lower.includes(needle)) {
      scored.push({ name: candidate, score: -1 });
      continue;
    }
    if (Math.abs(candidate.length - input.length) > limit) continue;
    const distance = editDistance(needle, lower);
    if (distance <= limit) scored.push({ name: candidate, score: distance });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((entry) => entry.name);
}

/** Optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (rows[i - 1]?.[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (rows[i - 1]?.[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}
