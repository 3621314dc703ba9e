import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunProgress, StepProgress } from '../workflows/types.js';
import { ProgressLog } from './progress-log.js';

function step(
  key: string,
  status: StepProgress['status'],
  extra: Partial<StepProgress> = {},
): StepProgress {
  return { key, id: key, kind: 'run', depth: 0, status, attempt: 1, ...extra };
}

function progress(status: RunProgress['status'], steps: StepProgress[]): RunProgress {
  return { runbook: 'r', commit: 'c', triggeredBy: 'github:octocat', status, startedAt: 0, steps };
}

describe('ProgressLog', () => {
  it('prints one line per step state change, and the run status when it changes', () => {
    const log = new ProgressLog('run-1');
    assert.deepEqual(
      log.update(progress('Running', [step('a', 'Running'), step('b', 'Pending')])).lines,
      ['run run-1: Running', '  a: Running'],
    );
    assert.deepEqual(
      log.update(progress('Running', [step('a', 'Running'), step('b', 'Pending')])).lines,
      [],
    );
    const next = log.update(
      progress('Running', [
        step('a', 'Succeeded', { startedAt: 1000, finishedAt: 3500 }),
        step('b', 'Running', { attempt: 2, depth: 1 }),
      ]),
    );
    assert.deepEqual(next.lines, ['  a: Succeeded (2.5s)', '    b: Running (attempt 2)']);
  });

  it('lists a step once when it fails, with its error on the line, escaped', () => {
    const log = new ProgressLog('run-1');
    const failed = step('smoke', 'Failed', { error: 'exit 1\n::error::forged' });
    const first = log.update(progress('RollingBack', [failed]));
    assert.deepEqual(first.lines, [
      'run run-1: RollingBack',
      '  smoke: Failed (exit 1\\n::error::forged)',
    ]);
    assert.deepEqual(first.failed, [failed]);
    const again = log.update(
      progress('RolledBack', [{ ...failed, rollback: { status: 'Succeeded' } }]),
    );
    assert.deepEqual(again.failed, []);
  });

  it('says who approved and that an approval waits', () => {
    const log = new ProgressLog('run-1');
    const waiting = step('go', 'WaitingApproval', {
      required: 2,
      approvals: [{ by: 'alice', at: 0 }],
    });
    assert.deepEqual(log.update(progress('WaitingApproval', [waiting])).lines, [
      'run run-1: WaitingApproval',
      '  go: WaitingApproval (waiting for 2 approval(s) · approved by alice)',
    ]);
  });
});
