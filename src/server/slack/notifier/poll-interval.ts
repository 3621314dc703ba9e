// How often the follower asks a run for its progress. Fast while steps are changing (a change
// usually comes with more), backing off while nothing changes, slowest while the run waits on
// people or a queue (those waits last minutes). Polling a query is cheap for Temporal but not free:
// with many runs followed, a backoff keeps the server's load proportional to what is happening.
import type { RunProgress } from '../../../workflows/types.js';

export const POLL_FASTEST_MS = 200;
export const POLL_RUNNING_MAX_MS = 2_000;
export const POLL_WAITING_MS = 3_000;

/** The wait before the next read, given the previous wait and whether this read saw a change. */
export function nextPollMs(previousMs: number, changed: boolean, progress: RunProgress): number {
  if (changed) return POLL_FASTEST_MS;
  if (progress.status === 'WaitingApproval' || progress.status === 'Queued') {
    return POLL_WAITING_MS;
  }
  return Math.min(POLL_RUNNING_MAX_MS, Math.max(POLL_FASTEST_MS, previousMs * 2));
}
