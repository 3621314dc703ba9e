/**
 * The real-time limit of one `runbook test` case, and what a case that reaches it reports: a
 * `real: true` step still running, or a run that stopped moving on the test server. Such a run may
 * leave the server's clock held, so the runner gives the next case a fresh server.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import { progressQuery } from '../workflows/definitions.js';
import type { runbookWorkflow } from '../workflows/runbook-workflow.js';
import type { RunProgress, StepProgress } from '../workflows/types.js';

/** Longest real time a case may take before it is reported as stuck. */
export const CASE_WALL_LIMIT_MS = 120_000;

/** How long a stuck run's progress is asked for: a run stuck in a workflow task never answers. */
const STUCK_QUERY_MS = 5_000;

/** When a case started to count, and its limit. */
export interface CaseDeadline {
  readonly limitMs: number;
  /** `Date.now()` after which the case is stuck. */
  readonly at: number;
}

export function caseDeadline(limitMs: number = CASE_WALL_LIMIT_MS): CaseDeadline {
  return { limitMs, at: Date.now() + limitMs };
}

/** Thrown when a case does not finish within its {@link CaseDeadline}. */
export class CaseStuckError extends Error {
  constructor(
    readonly status: string,
    readonly waiting: readonly string[],
    limitMs: number = CASE_WALL_LIMIT_MS,
  ) {
    super(
      `the run did not finish within ${limitMs / 1000} s of real time (status ${status}${waiting.length > 0 ? `, waiting at ${waiting.join(', ')}: give the approval a decision in approvals:` : ': a real: true step still running, or the run stopped moving on the test server; run the file alone to see the worker log'})`,
    );
  }
}

export const TIMED_OUT: unique symbol = Symbol('timed out');

/** `promise`'s value, or {@link TIMED_OUT} when it has not settled within `ms`. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  const timer = new AbortController();
  try {
    return await Promise.race([
      promise,
      delay(Math.max(0, ms), TIMED_OUT, { signal: timer.signal }),
    ]);
  } finally {
    timer.abort();
  }
}

/** The approval steps a run waits at. */
export function waitingSteps(progress: RunProgress): StepProgress[] {
  return progress.steps.filter((s) => s.status === 'WaitingApproval' && s.approval !== undefined);
}

/** The error for a case past its deadline, with what the run's progress says, if it answers. */
export async function caseStuck(
  handle: WorkflowHandle<typeof runbookWorkflow>,
  deadline: CaseDeadline,
): Promise<CaseStuckError> {
  const answer = await within(
    handle.query(progressQuery).catch(() => undefined),
    STUCK_QUERY_MS,
  );
  const progress = answer === TIMED_OUT ? undefined : answer;
  return new CaseStuckError(
    progress?.status ?? 'unknown',
    progress === undefined ? [] : waitingSteps(progress).map((s) => s.key),
    deadline.limitMs,
  );
}
