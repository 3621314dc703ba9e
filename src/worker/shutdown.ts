/**
 * What a worker does between SIGTERM and its exit. One budget, `RUNBOOK_SHUTDOWN_GRACE` (the
 * pod's `terminationGracePeriodSeconds` in Kubernetes), split into three phases so the process is
 * gone before the budget ends and the orchestrator never has to SIGKILL it:
 *
 *   drain   running steps may finish (no new tasks are taken);
 *   cancel  the steps still running are cancelled: each `run:` step's process group gets SIGTERM,
 *           then SIGKILL after `killGraceMs`; the attempt is reported failed, so the server
 *           retries it on another worker at once (no heartbeat timeout to wait for);
 *   margin  the SDK's force time: a worker still not drained stops anyway, exit status 1.
 */
import { DurationError, formatDuration, parseDuration } from '../runbook/duration.js';
import { RunbookError } from '../runbook/errors.js';

/** The environment variable holding the shutdown budget, a duration (`30s`, `2m`). */
export const SHUTDOWN_GRACE_ENV = 'RUNBOOK_SHUTDOWN_GRACE';
/** The budget when {@link SHUTDOWN_GRACE_ENV} is unset: Kubernetes' default termination grace. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 30_000;
/** The shortest budget accepted: under it there is no time for a process to clean up. */
export const MIN_SHUTDOWN_GRACE_MS = 3_000;
/** The longest time a cancelled command gets between SIGTERM and SIGKILL (as on any cancel). */
export const MAX_KILL_GRACE_MS = 10_000;

export interface ShutdownPlan {
  /** The whole budget, SIGTERM to exit. */
  readonly graceMs: number;
  /** `shutdownGraceTime`: how long running activities may go on before they are cancelled. */
  readonly drainMs: number;
  /** How long a cancelled command's process group has between SIGTERM and SIGKILL. */
  readonly killGraceMs: number;
  /** `shutdownForceTime`: the worker stops waiting for anything after this (== graceMs). */
  readonly forceMs: number;
}

/** Thrown when `RUNBOOK_SHUTDOWN_GRACE` is not a duration or too short. */
export class ShutdownGraceError extends RunbookError {
  readonly code = 'RB9251';
  readonly kind = 'usage';
  constructor(
    message: string,
    readonly value: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Splits a budget: a third (at most {@link MAX_KILL_GRACE_MS} plus a fifth of that for the
 * worker to report and exit) is kept for cancelling; the rest is the drain. 30 s → drain 18 s,
 * SIGTERM to commands at 18 s, SIGKILL at 28 s at the latest, forced stop at 30 s.
 */
export function shutdownPlan(graceMs: number): ShutdownPlan {
  const killGraceMs = Math.min(MAX_KILL_GRACE_MS, Math.floor(graceMs / 3));
  const exitMs = Math.max(Math.floor(killGraceMs / 5), 500);
  const drainMs = graceMs - killGraceMs - exitMs;
  return { graceMs, drainMs, killGraceMs, forceMs: graceMs };
}

/** The plan from `RUNBOOK_SHUTDOWN_GRACE` (default {@link DEFAULT_SHUTDOWN_GRACE_MS}). */
export function shutdownPlanFromEnv(env: NodeJS.ProcessEnv): ShutdownPlan {
  const value = env[SHUTDOWN_GRACE_ENV];
  if (value === undefined || value.trim() === '') return shutdownPlan(DEFAULT_SHUTDOWN_GRACE_MS);
  let graceMs: number;
  try {
    graceMs = parseDuration(value);
  } catch (error) {
    if (!(error instanceof DurationError)) throw error;
    throw new ShutdownGraceError(
      `${SHUTDOWN_GRACE_ENV}=${value}: ${error.message}. It is the time from SIGTERM to exit ` +
        '(set it to the pod\'s terminationGracePeriodSeconds, e.g. "30s").',
      value,
      { cause: error },
    );
  }
  if (graceMs < MIN_SHUTDOWN_GRACE_MS) {
    throw new ShutdownGraceError(
      `${SHUTDOWN_GRACE_ENV}=${value} is shorter than ${formatDuration(MIN_SHUTDOWN_GRACE_MS)}, ` +
        'too short for a step to be cancelled cleanly; give at least that.',
      value,
    );
  }
  return shutdownPlan(graceMs);
}

/** For the worker's log: what SIGTERM does (`running steps may finish for 18s, then …`). */
export function describeShutdownPlan(plan: ShutdownPlan): string {
  return (
    `running steps may finish for ${formatDuration(plan.drainMs)}, then are ` +
    `cancelled (commands get SIGTERM, SIGKILL ${formatDuration(plan.killGraceMs)} later); ` +
    `exit within ${formatDuration(plan.graceMs)}`
  );
}
