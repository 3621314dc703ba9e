/**
 * GitHub Actions workflow commands: an `::error file=…,line=…::` annotation at each broken
 * expectation of a failed case (or at the case's name when it could not run), and the same
 * annotations as `runbook validate --format github` for an invalid file. Pure.
 */
import { formatGithubAnnotation } from '../../runbook/diagnostics.js';
import type { FileResult } from '../run-tests.js';
import { failureLines } from './failure-text.js';

export function githubReport(files: readonly FileResult[]): string {
  const out: string[] = [];
  for (const file of files) {
    for (const d of file.diagnostics) out.push(formatGithubAnnotation(d));
    for (const result of file.cases) {
      if (result.passed) continue;
      const annotate = (line: number, column: number, title: string, body: string) =>
        out.push(
          formatGithubAnnotation({
            code: title,
            severity: 'error',
            message: body,
            file: file.file,
            line,
            column,
          }),
        );
      if (result.error !== undefined) {
        annotate(
          result.position.line,
          result.position.column,
          'RB9131',
          `case "${result.name}" could not run: ${result.error}`,
        );
      }
      for (const failure of result.failures) {
        annotate(
          failure.position.line,
          failure.position.column,
          'RB9130',
          `case "${result.name}": ${failureLines(failure).join('\n')}`,
        );
      }
    }
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
