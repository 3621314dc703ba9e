/**
 * Diagnostics: what the parser and validator report, and how a diagnostic is printed.
 *
 * Every diagnostic carries a stable `code` (listed in docs/errors.md) and an exact position, so
 * that editors, the CLI and GitHub annotations can point at the spot. Pure: no I/O.
 */

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
  RB4001: 'param-missing',
  RB4002: 'param-invalid',
  RB4003: 'param-unknown',
  RB6001: 'unknown-person',
  RB6002: 'unknown-group',
  RB6003: 'identity-claimed-twice',
  RB6004: 'unknown-group-member',
  RB6005: 'retired-approver-key',
  RB6006: 'access-lists-nobody',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** Turns a byte offset into a 1-based line and column. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * `<file>:<line>:<col>: error: <message> [RB1001]`, then the source line with a caret under the
 * spot, then `hint: …` when there is one.
 */
export function formatDiagnostic(d: Diagnostic, sourceText?: string): string {
  const out = [`${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`];
  const sourceLine = sourceText?.split(/\r?\n/)[d.line - 1];
  if (sourceLine !== undefined) {
    const gutter = String(d.line);
    const width =
      d.endLine === d.line && d.endColumn !== undefined && d.endColumn > d.column
        ? d.endColumn - d.column
        : 1;
    const prefix = sourceLine.slice(0, d.column - 1).replace(/[^\t]/g, ' ');
    out.push(`  ${gutter} | ${sourceLine}`);
    out.push(`  ${' '.repeat(gutter.length)} | ${prefix}${'^'.repeat(Math.max(1, width))}`);
  }
  if (d.hint !== undefined) out.push(`  hint: ${d.hint}`);
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

/** Sorts by file, then position, so that output is stable. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

/** The closest candidate within a small edit distance, for `did you mean "…"?` hints. */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(1, Math.floor(input.length / 3));
  return bestDistance <= limit ? best : undefined;
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
