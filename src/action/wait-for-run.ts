// Waiting for the run to end (or for the timeout input), reporting its progress as it goes.
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { finalOutcome } from '../cli/support/follow.js';
import { waitingForWorkerSince } from '../cli/support/worker-wait.js';
import { shown } from '../runbook/bounded-text.js';
import { progressQuery } from '../workflows/definitions.js';
import type { RunbookRunResult, RunProgress } from '../workflows/types.js';
import { ActionError } from './errors.js';

/** How often the action asks for progress: queries are cheap and never enter history. */
const POLL_INTERVAL_MS = 1_000;
/** After this long with a task no worker picks up, the log says so (once per such wait). */
export const NO_WORKER_NOTICE_MS = 30_000;
/** Consecutive failed polls (about this many seconds) before the action gives up waiting. */
const MAX_DESCRIBE_FAILURES = 60;

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(ms, 0)));
}

export type WaitResult =
  | {
      readonly ended: true;
      readonly status: string;
      readonly reason?: string;
      readonly progress?: RunProgress;
      readonly outputs: RunbookRunResult['outputs'];
    }
  | { readonly ended: false; readonly status: string; readonly progress?: RunProgress };

export interface WaitOptions {
  /** Stop waiting after this long (the run goes on). */
  readonly timeoutMs?: number;
  /** Called with every progress snapshot, in order; the last one is the run's final state. */
  readonly onProgress: (progress: RunProgress) => Promise<void> | void;
  /** Called when the run has waited {@link NO_WORKER_NOTICE_MS} for a worker. */
  readonly onNoWorker: (waitedMs: number) => void;
}

/** The result when the timeout passed: the last status seen; the run goes on. */
function notEnded(last: RunProgress | undefined): WaitResult {
  return { ended: false, status: last?.status ?? 'Running', ...(last ? { progress: last } : {}) };
}

async function query(client: Client, workflowId: string): Promise<RunProgress | undefined> {
  try {
    return await client.workflow.getHandle(workflowId).query(progressQuery);
  } catch {
    // No worker answers queries right now (none up, or restarting): ask again next time.
    return undefined;
  }
}

/**
 * Polls the run until it closes or `timeoutMs` passes. A closed run's status, reason and outputs
 * come from its result (or the failure's details); on timeout, the status is the last one seen
 * (`Running`, `WaitingApproval`, …) and the run is left as it is.
 */
export async function waitForRun(
  client: Client,
  workflowId: string,
  options: WaitOptions,
): Promise<WaitResult> {
  const handle = client.workflow.getHandle(workflowId);
  const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
  let last: RunProgress | undefined;
  let noticed = false;
  let failures = 0;
  for (;;) {
    const progress = await query(client, workflowId);
    if (progress !== undefined) {
      last = progress;
      await options.onProgress(progress);
    }
    let description: WorkflowExecutionDescription;
    try {
      description = await handle.describe();
      failures = 0;
    } catch (error) {
      // A blip (a frontend restart, a dropped connection) is not the run's end: ask again.
      if (++failures >= MAX_DESCRIBE_FAILURES) {
        throw new ActionError(
          'RB8086',
          `Temporal stopped answering while the action waited for run ${workflowId} (${shown((error as Error).message, 300)}); the run goes on: runbook status ${workflowId}`,
          { cause: error },
        );
      }
      if (deadline !== undefined && Date.now() >= deadline) {
        return notEnded(last);
      }
      await pause(POLL_INTERVAL_MS);
      continue;
    }
    if (description.status.name !== 'RUNNING') break;
    const now = Date.now();
    const since = waitingForWorkerSince(description, now);
    if (since !== undefined && now - since >= NO_WORKER_NOTICE_MS) {
      if (!noticed) options.onNoWorker(now - since);
      noticed = true;
    } else if (since === undefined) noticed = false;
    if (deadline !== undefined && now >= deadline) {
      return notEnded(last);
    }
    const wait =
      deadline === undefined ? POLL_INTERVAL_MS : Math.min(POLL_INTERVAL_MS, deadline - now);
    await pause(wait);
  }
  const outcome = await finalOutcome(client, workflowId);
  const final = (await query(client, workflowId)) ?? outcome.progress;
  if (final !== undefined && final !== last) await options.onProgress(final);
  return {
    ended: true,
    status: outcome.status,
    ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
    ...(final === undefined ? {} : { progress: final }),
    outputs: outcome.outputs ?? {},
  };
}
