/**
 * What a coverage report says was never exercised, one entry per gap, in the runbook's order:
 * steps that never ran, `when:` sides never seen, rollbacks that never ran, approval outcomes
 * never reached. Pure.
 */

import type { SourceLocation } from '../runbook/model.js';
import type { RunbookCoverage } from './coverage.js';

/** One thing no case exercised, with where it is written. */
export interface Uncovered {
  readonly what: 'step' | 'branch' | 'rollback' | 'approval';
  readonly step: string;
  /** `never ran`, `when: never false`, `rollback never ran`, `never rejected`, … */
  readonly description: string;
  readonly source: SourceLocation;
}

/** Everything no case exercised, in the runbook's order (steps, then their branches, …). */
export function uncovered(report: RunbookCoverage): Uncovered[] {
  const list: Uncovered[] = [];
  for (const step of report.steps) {
    if (step.cases === 0) {
      const where = step.section === 'onFailure' ? ' (onFailure)' : '';
      list.push({
        what: 'step',
        step: step.id,
        description: `never ran${where}`,
        source: step.source,
      });
    }
  }
  for (const branch of report.branches) {
    for (const [side, cases] of [
      ['true', branch.trueCases],
      ['false', branch.falseCases],
    ] as const) {
      if (cases === 0) {
        list.push({
          what: 'branch',
          step: branch.step,
          description: `when: never ${side} (${branch.when})`,
          source: branch.source,
        });
      }
    }
  }
  for (const rollback of report.rollbacks) {
    if (rollback.okCases + rollback.failedCases === 0) {
      list.push({
        what: 'rollback',
        step: rollback.step,
        description: `rollback never ran (${rollback.summary})`,
        source: rollback.source,
      });
    }
  }
  for (const approval of report.approvals) {
    for (const [outcome, cases] of Object.entries(approval.outcomes)) {
      if (cases === 0) {
        list.push({
          what: 'approval',
          step: approval.step,
          description: `approval never ${outcome === 'timedOut' ? 'timed out' : outcome}`,
          source: approval.source,
        });
      }
    }
  }
  return list;
}
