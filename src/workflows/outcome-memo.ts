import { patched, upsertMemo } from '@temporalio/workflow';
import { cut } from '../runbook/bounded-text.js';
import { workflowNow } from './clock.js';
import type { RunFailure, RunStatus } from './types.js';

/**
 * Patch: a finished run writes how it ended into its memo (`outcome`), so lists of runs
 * (`runbook history`, the Web UI, `temporal workflow list`) say why a run failed without a worker
 * replaying it or a client fetching every result. Runs started before the patch issue no such
 * command when replayed.
 */
export const OUTCOME_IN_MEMO = 'outcome-in-memo';

/** The longest reason kept in the memo: the full one stays in the run's result. */
export const MEMO_REASON_LIMIT = 300;

/** What the memo's `outcome` key holds. */
export interface MemoOutcome {
  readonly status: RunStatus;
  readonly reason?: string;
  readonly failedStep?: string;
  /** Epoch milliseconds, workflow time. */
  readonly finishedAt: number;
}

/** Records the final status in the memo (new runs only, see {@link OUTCOME_IN_MEMO}). */
export function recordOutcomeInMemo(
  status: RunStatus,
  reason: string | undefined,
  failure: RunFailure | undefined,
): void {
  if (!patched(OUTCOME_IN_MEMO)) return;
  const outcome: MemoOutcome = {
    status,
    ...(reason === undefined ? {} : { reason: cut(reason, MEMO_REASON_LIMIT) }),
    ...(failure === undefined ? {} : { failedStep: failure.step }),
    finishedAt: workflowNow(),
  };
  upsertMemo({ outcome });
}
