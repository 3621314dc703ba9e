/**
 * TAP version 13: one test point per case (and a failing one per invalid file), the differences
 * in a YAML block under a failure. Pure: returns text.
 */
import { escapeControl } from '../../runbook/bounded-text.js';
import type { FileResult } from '../run-tests.js';
import { caseFailureLines } from './failure-text.js';
import { summarize } from './summary.js';

/** A TAP description must not contain `#` (a directive) or a line break. */
function description(text: string): string {
  return escapeControl(text).replace(/#/g, '\\#');
}

function yamlBlock(lines: readonly string[]): string[] {
  return ['  ---', '  message: |-', ...lines.map((line) => `    ${line}`), '  ...'];
}

export function tapReport(files: readonly FileResult[]): string {
  const out = ['TAP version 13'];
  let n = 0;
  for (const file of files) {
    if (file.diagnostics.length > 0) {
      out.push(`not ok ${++n} - ${description(file.file)}: not a valid test file`);
      out.push(
        ...yamlBlock(
          file.diagnostics.map(
            (d) =>
              `${d.file}:${d.line}:${d.column}: ${d.message} [${d.code}]${d.hint === undefined ? '' : ` (${d.hint})`}`,
          ),
        ),
      );
      continue;
    }
    for (const result of file.cases) {
      const name = description(`${file.file} › ${result.name}`);
      out.push(`${result.passed ? 'ok' : 'not ok'} ${++n} - ${name}`);
      if (!result.passed) {
        out.push(
          ...yamlBlock([
            `at ${file.file}:${result.position.line}:${result.position.column}`,
            ...caseFailureLines(result),
          ]),
        );
      }
    }
  }
  const s = summarize(files);
  out.push(`1..${n}`, `# tests ${n}`, `# pass ${s.pass}`, `# fail ${n - s.pass}`);
  return `${out.join('\n')}\n`;
}
