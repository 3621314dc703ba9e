import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunProgress } from '../../../workflows/types.js';
import { runEvents } from './run-events.js';
import { renderRunMessage } from './run-message.js';

const progress = (over: Partial<RunProgress> = {}): RunProgress => ({
  runbook: 'deploy',
  commit: 'abcdef1234567890',
  triggeredBy: 'slack:U0ALICE',
  status: 'Running',
  startedAt: 0,
  steps: [
    { key: 'build', id: 'build', kind: 'run', depth: 0, status: 'Succeeded', attempt: 1 },
    {
      key: 'ship',
      id: 'ship',
      kind: 'uses',
      action: 'shell',
      depth: 0,
      status: 'Running',
      attempt: 1,
    },
  ],
  ...over,
});

describe('the run message', () => {
  it('shows steps, params and the starter; a secret param only as its reference', () => {
    const content = renderRunMessage({
      runId: 'deploy-1',
      progress: progress(),
      params: { image: 'api:1.2 <!channel>', token: 'env:DEPLOY_TOKEN', raw: 'hunter2' },
      paramTypes: { image: 'string', token: 'secret', raw: 'secret' },
      starter: 'slack:U0ALICE',
      webUiLink: 'http://ui.test/namespaces/default/workflows/deploy-1',
    });
    const text = JSON.stringify(content.blocks);
    assert.match(text, /<@U0ALICE>/);
    assert.match(text, /\*build\*/);
    assert.match(text, /env:DEPLOY_TOKEN/);
    assert.doesNotMatch(text, /hunter2/, 'a secret that is not a reference is never shown');
    assert.doesNotMatch(text, /<!channel>/, 'a param cannot broadcast');
    assert.match(text, /&lt;!channel&gt;/);
    assert.match(text, /Temporal Web UI/);
  });

  it('finds a failure, a compensation and the final status once each', () => {
    const before = progress();
    const after = progress({
      status: 'RolledBack',
      finishedAt: 5_000,
      steps: [
        {
          key: 'build',
          id: 'build',
          kind: 'run',
          depth: 0,
          status: 'RolledBack',
          attempt: 1,
          rollback: { status: 'Succeeded' },
        },
        {
          key: 'ship',
          id: 'ship',
          kind: 'run',
          depth: 0,
          status: 'Failed',
          attempt: 1,
          error: 'exit 1',
        },
      ],
    });
    assert.deepEqual(
      runEvents(before, after).map((e) => e.kind),
      ['compensation', 'step-failed', 'final'],
    );
    assert.deepEqual(runEvents(after, after), []);
  });
});
