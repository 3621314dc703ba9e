import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { createTemporalActivities } from './deployment-activities.js';

// The input is checked before any call: a connection that is never used proves it.
const activities = createTemporalActivities({
  connection: () => {
    throw new Error('no call may be made for an invalid input');
  },
});

test('a rendered with: outside the schema fails TemporalInvalidInput, not retried, naming the field', async () => {
  await assert.rejects(
    activities.temporalSetRampingVersion({
      deployment: 'rr',
      buildId: 'green',
      percentage: 150,
    } as never),
    (error: unknown) => {
      assert.ok(error instanceof ApplicationFailure);
      assert.equal(error.type, 'TemporalInvalidInput');
      assert.equal(error.nonRetryable, true);
      assert.match(error.message, /temporal\.setRampingVersion: invalid input: .*percentage/);
      return true;
    },
  );
  await assert.rejects(
    activities.temporalSetCurrentVersion({ deployment: 'a.b', buildId: 'x' } as never),
    /a deployment name has no spaces or dots/,
  );
});

test('an undo record of an unknown version is refused rather than guessed at', async () => {
  await assert.rejects(
    activities.temporalUndo({ version: 2 } as never),
    (error: unknown) =>
      error instanceof ApplicationFailure && error.type === 'TemporalInvalidInput',
  );
});
