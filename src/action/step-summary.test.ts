import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunProgress } from '../workflows/types.js';
import { cell, stepSummary } from './step-summary.js';

const progress: RunProgress = {
  runbook: 'release',
  commit: '0123456789abcdef',
  triggeredBy: 'github:octocat',
  status: 'RolledBack',
  startedAt: 0,
  steps: [
    {
      key: 'deploy',
      id: 'deploy',
      kind: 'run',
      depth: 0,
      status: 'RolledBack',
      attempt: 1,
      startedAt: 0,
      finishedAt: 1200,
    },
    {
      key: 'smoke',
      id: 'smoke',
      name: 'smoke | test',
      kind: 'run',
      depth: 1,
      status: 'Failed',
      attempt: 3,
      startedAt: 2000,
      finishedAt: 2500,
      error: 'exit 1 <script>\nsecond line',
    },
  ],
};

describe('stepSummary', () => {
  it('writes the run and one table row per step', () => {
    assert.equal(
      stepSummary(progress, {
        runId: 'release-gh1-1-abc',
        status: 'RolledBack',
        note: 'ended RolledBack',
      }),
      [
        '### release: RolledBack',
        '',
        'Run `release-gh1-1-abc` at `0123456789ab` started by github:octocat.',
        '',
        'ended RolledBack',
        '',
        '| Step | Status | Attempts | Time | Detail |',
        '| --- | --- | --- | --- | --- |',
        '| deploy | ↩️ RolledBack | 1 | 1.2s |  |',
        '| &nbsp;&nbsp;smoke \\| test | ❌ Failed | 3 | 0.5s | exit 1 &lt;script&gt;\\nsecond line |',
        '',
      ].join('\n'),
    );
  });

  it('keeps a cell on one line, without HTML or code spans', () => {
    assert.equal(cell('a|b\n<i>`x`</i>'), "a\\|b &lt;i&gt;'x'&lt;/i&gt;");
  });

  it('writes a heading without a table for a run it did not follow', () => {
    assert.equal(
      stepSummary(undefined, { runId: 'r-1', status: 'Running' }),
      '### runbook: Running\n\nRun `r-1`.\n',
    );
  });
});
