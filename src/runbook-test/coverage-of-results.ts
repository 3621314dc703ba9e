/**
 * What `runbook test --coverage` needs around `coverageByRunbook`: the traces of the cases run,
 * per runbook, and the test file beside a runbook named on the command line.
 */
import { access } from 'node:fs/promises';
import { UsageError } from '../cli/errors.js';
import { coverageByRunbook, type RunbookCoverage } from './coverage.js';
import type { FileResult } from './run-tests.js';

/** Coverage of every runbook whose test file was valid, from the traces of its cases. */
export function coverageOfResults(files: readonly FileResult[]): RunbookCoverage[] {
  return coverageByRunbook(
    files.flatMap((file) =>
      file.definition === undefined
        ? []
        : [
            {
              definition: file.definition,
              traces: file.cases.flatMap((c) => (c.trace === undefined ? [] : [c.trace])),
            },
          ],
    ),
  );
}

/** `runbooks/x.yaml` → `runbooks/x.test.yaml` when that exists (RB9152 when it does not). */
export async function runbookBesideTest(path: string): Promise<string> {
  const match = /\.(ya?ml)$/.exec(path);
  if (match === null) return path;
  const test = `${path.slice(0, match.index)}.test.${match[1]}`;
  try {
    await access(test);
    return test;
  } catch {
    throw new UsageError(
      `${path} is not a test file and has no test file beside it [RB9152]: write ${test} (see docs/testing-runbooks.md), or name the test file`,
    );
  }
}
