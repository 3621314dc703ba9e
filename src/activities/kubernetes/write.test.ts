import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { CONFLICT_ATTEMPTS, retryOnConflict } from './write.js';

const conflict = () =>
  ApplicationFailure.create({ type: 'KubernetesConflict', message: 'changed' });

describe('retryOnConflict', () => {
  it('runs the read-modify-write again after a conflict and returns its result', async () => {
    let calls = 0;
    const result = await retryOnConflict(async () => {
      calls++;
      if (calls < 3) throw conflict();
      return 'written';
    });
    assert.deepEqual([result, calls], ['written', 3]);
  });

  it(`hands the conflict to the retry policy after ${CONFLICT_ATTEMPTS} attempts`, async () => {
    let calls = 0;
    await assert.rejects(
      retryOnConflict(async () => {
        calls++;
        throw conflict();
      }),
      (error: unknown) =>
        error instanceof ApplicationFailure && error.type === 'KubernetesConflict',
    );
    assert.equal(calls, CONFLICT_ATTEMPTS);
  });

  it('does not repeat a write that failed for another reason', async () => {
    let calls = 0;
    await assert.rejects(
      retryOnConflict(async () => {
        calls++;
        throw ApplicationFailure.create({
          type: 'KubernetesForbidden',
          nonRetryable: true,
          message: 'no',
        });
      }),
    );
    assert.equal(calls, 1);
  });
});
