/** A failed case's differences as indented text: message, then expected (-) vs actual (+). Pure. */
import { escapeControl } from '../../runbook/bounded-text.js';
import { formatPath } from '../../runbook/locate.js';
import type { CaseResult, PlacedFailure } from '../run-tests.js';
import { diffLines, linesOf } from '../text-diff.js';

export function failureLines(failure: PlacedFailure): string[] {
  return [
    `${formatPath(failure.path)}: ${escapeControl(failure.message)}`,
    '  - expected',
    '  + actual',
    ...diffLines(linesOf(failure.expected), linesOf(failure.actual)).map(
      (line) => `  ${escapeControl(line)}`,
    ),
  ];
}

/** Every reason a case failed, as lines (an error that stopped it, then each difference). */
export function caseFailureLines(result: CaseResult): string[] {
  return [
    ...(result.error === undefined ? [] : [`error: ${escapeControl(result.error)}`]),
    ...result.failures.flatMap(failureLines),
  ];
}
