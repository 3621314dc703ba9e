import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { peopleFileCandidates } from './candidates.js';

describe('peopleFileCandidates', () => {
  it('lists people.yaml beside the runbook, then in each parent folder up to the root, nearest first', () => {
    assert.deepEqual(peopleFileCandidates('runbooks/ops/x.yaml'), [
      'runbooks/ops/people.yaml',
      'runbooks/people.yaml',
      'people.yaml',
    ]);
  });

  it('has only the root for a runbook at the root, and ignores ./ and doubled slashes', () => {
    assert.deepEqual(peopleFileCandidates('x.yaml'), ['people.yaml']);
    assert.deepEqual(peopleFileCandidates('./runbooks//x.yaml'), [
      'runbooks/people.yaml',
      'people.yaml',
    ]);
  });
});
