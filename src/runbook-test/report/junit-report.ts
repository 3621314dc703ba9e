/**
 * JUnit XML, as CI systems read it: a <testsuite> per test file, a <testcase> per case with a
 * <failure> holding the differences; an invalid file is a suite with one <error>. Pure.
 */
import type { FileResult } from '../run-tests.js';
import { caseFailureLines } from './failure-text.js';

/** Escapes text for XML, dropping characters XML 1.0 cannot hold. */
function xml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing what XML 1.0 forbids
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

export function junitReport(files: readonly FileResult[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites name="runbook test">'];
  for (const file of files) {
    if (file.diagnostics.length > 0) {
      const text = file.diagnostics
        .map((d) => `${d.file}:${d.line}:${d.column}: ${d.message} [${d.code}]`)
        .join('\n');
      out.push(
        `  <testsuite name="${xml(file.file)}" tests="1" failures="0" errors="1">`,
        `    <testcase name="${xml(file.file)}" classname="${xml(file.file)}">`,
        `      <error message="not a valid test file">${xml(text)}</error>`,
        '    </testcase>',
        '  </testsuite>',
      );
      continue;
    }
    const failures = file.cases.filter((c) => !c.passed).length;
    const seconds = file.cases.reduce((sum, c) => sum + c.durationMs, 0) / 1000;
    out.push(
      `  <testsuite name="${xml(file.file)}" tests="${file.cases.length}" failures="${failures}" errors="0" time="${seconds.toFixed(3)}">`,
    );
    for (const result of file.cases) {
      const open = `    <testcase name="${xml(result.name)}" classname="${xml(file.runbook ?? file.file)}" file="${xml(file.file)}" line="${result.position.line}" time="${(result.durationMs / 1000).toFixed(3)}"`;
      if (result.passed) {
        out.push(`${open}/>`);
        continue;
      }
      const lines = caseFailureLines(result);
      out.push(
        `${open}>`,
        `      <failure message="${xml(lines[0] ?? 'failed')}">${xml(lines.join('\n'))}</failure>`,
        '    </testcase>',
      );
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
