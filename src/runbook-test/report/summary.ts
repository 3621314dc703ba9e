/** Counts over a set of test files: what every report format ends with. Pure. */
import type { FileResult } from '../run-tests.js';

export interface TestSummary {
  readonly tests: number;
  readonly pass: number;
  readonly fail: number;
  /** Test files that could not run (invalid, or testing a runbook that cannot run). */
  readonly invalidFiles: number;
}

export function summarize(files: readonly FileResult[]): TestSummary {
  const cases = files.flatMap((f) => f.cases);
  const pass = cases.filter((c) => c.passed).length;
  return {
    tests: cases.length,
    pass,
    fail: cases.length - pass,
    invalidFiles: files.filter((f) => f.diagnostics.length > 0).length,
  };
}
