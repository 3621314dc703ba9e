import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DurationError, formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it('adds up units from largest to smallest', () => {
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('2d'), 172_800_000);
    assert.equal(parseDuration('1m30s250ms'), 90_250);
  });

  it('refuses a number without a unit and names the fix', () => {
    assert.throws(
      () => parseDuration('300'),
      (error: unknown) => {
        assert.ok(error instanceof DurationError);
        assert.equal(error.code, 'RB1010');
        assert.match(error.message, /has no unit; write "300s"/);
        return true;
      },
    );
  });

  it('refuses unknown units and units out of order', () => {
    assert.throws(() => parseDuration('5x'), /use whole numbers with units d, h, m, s, ms/);
    assert.throws(() => parseDuration('30m1h'), /largest to smallest/);
    assert.throws(() => parseDuration(''), /empty duration/);
  });
});

describe('formatDuration', () => {
  it('round-trips with parseDuration', () => {
    for (const text of ['1h30m', '2d', '45s', '250ms', '1d2h3m4s5ms']) {
      assert.equal(formatDuration(parseDuration(text)), text);
    }
    assert.equal(formatDuration(0), '0s');
  });
});
