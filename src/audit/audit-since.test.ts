import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuditSinceError, parseSince } from './audit-since.js';

const now = new Date('2026-11-27T12:00:00Z');

describe('parseSince', () => {
  it('reads durations back from now, alone or combined', () => {
    assert.equal(parseSince('30m', now).toISOString(), '2026-11-27T11:30:00.000Z');
    assert.equal(parseSince('24h', now).toISOString(), '2026-11-26T12:00:00.000Z');
    assert.equal(parseSince('1d12h', now).toISOString(), '2026-11-26T00:00:00.000Z');
    assert.equal(parseSince('2w', now).toISOString(), '2026-11-13T12:00:00.000Z');
  });

  it('reads RFC 3339 times and a bare date as midnight UTC', () => {
    assert.equal(
      parseSince('2026-11-01T08:00:00+02:00', now).toISOString(),
      '2026-11-01T06:00:00.000Z',
    );
    assert.equal(parseSince('2026-11-01', now).toISOString(), '2026-11-01T00:00:00.000Z');
  });

  it('refuses anything else with RB9050, naming the value and both accepted forms', () => {
    for (const bad of ['yesterday', '10', '5 minutes', '2026-13-45T00:00:00Z', '']) {
      assert.throws(
        () => parseSince(bad, now),
        (error: unknown) =>
          error instanceof AuditSinceError &&
          error.code === 'RB9050' &&
          error.message.includes(`"${bad}"`) &&
          error.message.includes('RFC 3339'),
        bad,
      );
    }
  });
});
