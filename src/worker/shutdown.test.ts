import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_SHUTDOWN_GRACE_MS,
  MAX_KILL_GRACE_MS,
  ShutdownGraceError,
  shutdownPlan,
  shutdownPlanFromEnv,
} from './shutdown.js';

describe('shutdownPlan', () => {
  it('splits the default 30s: drain 18s, commands get 10s between SIGTERM and SIGKILL, forced stop at 30s', () => {
    assert.deepEqual(shutdownPlanFromEnv({}), {
      graceMs: DEFAULT_SHUTDOWN_GRACE_MS,
      drainMs: 18_000,
      killGraceMs: 10_000,
      forceMs: 30_000,
    });
  });

  it('ends the drain, the kill grace and a margin to exit inside the budget, for any budget', () => {
    for (const graceMs of [3_000, 6_000, 10_000, 30_000, 120_000, 3_600_000]) {
      const plan = shutdownPlan(graceMs);
      assert.ok(plan.drainMs > 0, `${graceMs}: some drain`);
      assert.ok(
        plan.killGraceMs > 0 && plan.killGraceMs <= MAX_KILL_GRACE_MS,
        `${graceMs}: kill grace`,
      );
      assert.ok(plan.drainMs + plan.killGraceMs < plan.graceMs, `${graceMs}: room to exit`);
      assert.equal(plan.forceMs, graceMs);
    }
  });
});

describe('shutdownPlanFromEnv', () => {
  it('reads RUNBOOK_SHUTDOWN_GRACE as a duration', () => {
    assert.equal(shutdownPlanFromEnv({ RUNBOOK_SHUTDOWN_GRACE: '2m' }).graceMs, 120_000);
  });

  it('refuses a value that is not a duration, naming the setting and an example (RB9251)', () => {
    assert.throws(
      () => shutdownPlanFromEnv({ RUNBOOK_SHUTDOWN_GRACE: '30' }),
      (error: unknown) => {
        assert.ok(error instanceof ShutdownGraceError);
        assert.equal(error.code, 'RB9251');
        assert.match(error.message, /RUNBOOK_SHUTDOWN_GRACE=30: duration "30" has no unit/);
        assert.match(error.message, /terminationGracePeriodSeconds, e\.g\. "30s"/);
        return true;
      },
    );
  });

  it('refuses a grace too short to cancel a step cleanly (RB9251)', () => {
    assert.throws(
      () => shutdownPlanFromEnv({ RUNBOOK_SHUTDOWN_GRACE: '1s' }),
      (error: unknown) =>
        error instanceof ShutdownGraceError &&
        error.code === 'RB9251' &&
        /shorter than 3s/.test(error.message),
    );
  });
});
