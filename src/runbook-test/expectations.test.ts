import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CaseTrace } from './case-trace.js';
import { compareExpectations } from './expectations.js';

/** A run whose rollout failed: set-image's rollback failed, migrate's succeeded. */
const trace: CaseTrace = {
  runbook: 'shop',
  status: 'RollbackFailed',
  ran: ['migrate', 'set-image', 'rollout'],
  skipped: [],
  whenOutcomes: [],
  rolledBack: [
    { step: 'set-image', ok: false },
    { step: 'migrate', ok: true },
  ],
  approvals: [],
};
const seen = { trace, calls: [], outputs: {} };
const paths = (expect: Parameters<typeof compareExpectations>[0]) =>
  compareExpectations(expect, seen).map((f) => `${f.path.join('.')}: ${f.message}`);

describe('compareExpectations: rolled back and rollback failed', () => {
  it('passes when the case names the failed rollback in rollbackFailed', () => {
    assert.deepEqual(
      paths({
        status: 'RollbackFailed',
        rolledBack: ['set-image', 'migrate'],
        rollbackFailed: ['set-image'],
      }),
      [],
    );
  });

  it('reports a failed rollback the case did not expect, and says how to expect it', () => {
    assert.deepEqual(paths({ rolledBack: ['set-image', 'migrate'] }), [
      'expect.rolledBack: the rollback of step "set-image" ran but failed (name it in rollbackFailed: if the case expects that)',
    ]);
  });

  it('reports rollbackFailed that differs from the rollbacks that failed, with both lists', () => {
    const [failure, ...rest] = compareExpectations({ rollbackFailed: ['migrate'] }, seen);
    assert.deepEqual(rest, []);
    assert.deepEqual(failure?.path, ['expect', 'rollbackFailed']);
    assert.deepEqual(failure?.expected, ['migrate']);
    assert.deepEqual(failure?.actual, ['set-image']);
    assert.deepEqual(paths({ rollbackFailed: [] }), [
      'expect.rollbackFailed: the steps whose rollback failed differ',
    ]);
  });
});
