import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stepAttributes } from './step-attributes.js';

describe('stepAttributes', () => {
  it('names the runbook, step, mode and YAML action of a step activity', () => {
    assert.deepEqual(stepAttributes('runCommand', { runbook: 'deploy', summary: 'build[2]' }), {
      'runbook.name': 'deploy',
      'runbook.step': 'build[2]',
      'runbook.step.mode': 'forward',
      'runbook.action': 'run',
    });
    assert.deepEqual(
      stepAttributes('kubernetesSetImage', { runbook: 'deploy', summary: 'rollback of roll' }),
      {
        'runbook.name': 'deploy',
        'runbook.step': 'roll',
        'runbook.step.mode': 'rollback',
        'runbook.action': 'kubernetes.setImage',
      },
    );
  });

  it('gives the lock and vote-key activities only the runbook', () => {
    assert.deepEqual(
      stepAttributes('acquireLock', { runbook: 'deploy', summary: 'acquire concurrency lock' }),
      { 'runbook.name': 'deploy' },
    );
    assert.deepEqual(stepAttributes('runCommand', {}), {});
  });
});
