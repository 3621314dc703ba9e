/**
 * The default report, shaped like `node --test`'s: a line per case (✔ or ✖, name, duration),
 * the differences under a failed case, then counts. Invalid test files are printed as
 * `file:line:col` diagnostics with their source line. Pure: returns text.
 */
import { escapeControl } from '../../runbook/bounded-text.js';
import { formatDiagnostic } from '../../runbook/diagnostics.js';
import type { CaseResult, FileResult } from '../run-tests.js';
import { caseFailureLines } from './failure-text.js';
import { summarize } from './summary.js';

export function caseLine(result: CaseResult): string {
  const mark = result.passed ? '✔' : '✖';
  return `  ${mark} ${escapeControl(result.name)} (${result.durationMs}ms)`;
}

export function textReport(files: readonly FileResult[], durationMs: number): string {
  const out: string[] = [];
  for (const file of files) {
    if (file.diagnostics.length > 0) {
      out.push(`✖ ${escapeControl(file.file)}: not a valid test file`);
      for (const d of file.diagnostics) out.push(formatDiagnostic(d, file.text), '');
      continue;
    }
    out.push(`▶ ${escapeControl(file.file)} (${file.runbook ?? '?'})`);
    for (const result of file.cases) {
      out.push(caseLine(result));
      if (!result.passed) {
        out.push(`    ${file.file}:${result.position.line}:${result.position.column}`);
        for (const line of caseFailureLines(result)) out.push(`    ${line}`);
      }
    }
  }
  const s = summarize(files);
  out.push(
    `ℹ tests ${s.tests}`,
    `ℹ pass ${s.pass}`,
    `ℹ fail ${s.fail}`,
    ...(s.invalidFiles === 0 ? [] : [`ℹ invalid files ${s.invalidFiles}`]),
    `ℹ duration_ms ${durationMs}`,
  );
  return `${out.join('\n')}\n`;
}
