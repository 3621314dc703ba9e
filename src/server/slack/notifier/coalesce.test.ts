import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CoalescedSender, type Timers } from './coalesce.js';

/** A clock the test advances by hand. */
function manualTimers() {
  let now = 0;
  const due: Array<{ at: number; run: () => void; cancelled: boolean }> = [];
  const timers: Timers = {
    now: () => now,
    setTimeout(run, ms) {
      const entry = { at: now + ms, run, cancelled: false };
      due.push(entry);
      return {
        cancel() {
          entry.cancelled = true;
        },
      };
    },
  };
  return {
    timers,
    async advance(ms: number) {
      now += ms;
      for (;;) {
        const next = due.find((d) => !d.cancelled && d.at <= now);
        if (next === undefined) break;
        next.cancelled = true;
        next.run();
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

describe('CoalescedSender', () => {
  it('sends at most once per interval, and only the latest value', async () => {
    const clock = manualTimers();
    const sent: number[] = [];
    const sender = new CoalescedSender<number>(
      async (v) => {
        sent.push(v);
      },
      () => {},
      { timers: clock.timers, intervalMs: 1_000 },
    );
    sender.set(1);
    await clock.advance(0);
    assert.deepEqual(sent, [1]);
    for (let i = 2; i <= 20; i += 1) sender.set(i);
    await clock.advance(999);
    assert.deepEqual(sent, [1], 'a second update within the interval');
    await clock.advance(1);
    assert.deepEqual(sent, [1, 20]);
    await sender.flushed();
  });

  it('reports a failed send and sends the next value anyway', async () => {
    const clock = manualTimers();
    const errors: unknown[] = [];
    const sent: string[] = [];
    const sender = new CoalescedSender<string>(
      async (v) => {
        if (v === 'bad') throw new Error('slack down');
        sent.push(v);
      },
      (e) => errors.push(e),
      { timers: clock.timers, intervalMs: 1_000 },
    );
    sender.set('bad');
    await clock.advance(0);
    sender.set('good');
    await clock.advance(1_000);
    assert.equal(errors.length, 1);
    assert.deepEqual(sent, ['good']);
  });
});
