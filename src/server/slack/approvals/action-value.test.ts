import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeTarget, encodeTarget } from './action-value.js';

describe('approval button value', () => {
  it('round-trips a run id and a forEach step key', () => {
    const target = { runId: 'deploy-20240501-120000-abc123', stepKey: 'approve[2]' };
    assert.deepEqual(decodeTarget(encodeTarget(target)), target);
  });

  it('refuses malformed, oversized and injected values', () => {
    for (const value of [
      undefined,
      42,
      'not json',
      '[]',
      '{"run":"r"}',
      JSON.stringify({ run: 'r', step: 's', extra: 'x'.repeat(2_000) }),
      JSON.stringify({ run: '../../etc', step: 's' }),
      JSON.stringify({ run: 'r', step: 'a b' }),
      JSON.stringify({ run: 'r\n', step: 's' }),
      JSON.stringify({ run: 'r', step: 7 }),
    ]) {
      assert.equal(decodeTarget(value), undefined, `accepted ${String(value)}`);
    }
  });
});
