import { type Client, WorkflowFailedError } from '@temporalio/client';
import { progressQuery } from '../../workflows/definitions.js';
import type { RunbookRunResult, RunProgress } from '../../workflows/types.js';
import type { ConnectionSettings } from './connection.js';
import type { ProgressPrinter } from './render-progress.js';
import {
  NO_WORKER_NOTICE_MS,
  noWorkerError,
  noWorkerNotice,
  waitingForWorkerSince,
} from './worker-wait.js';

/** How often a follower asks for progress. Queries are cheap and never enter history. */
const POLL_INTERVAL_MS = 400;

export interface FinalOutcome {
  readonly status: string;
  readonly reason?: string;
  readonly progress?: RunProgress;
  /** Each step's outputs by step key, when the run's result carries them. */
  readonly outputs?: RunbookRunResult['outputs'];
}

/** The outcome of a closed run, read from its result or from the failure's details. */
export async function finalOutcome(client: Client, workflowId: string): Promise<FinalOutcome> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    const result = (await handle.result()) as RunbookRunResult;
    return { status: result.status, progress: result.progress, outputs: result.outputs };
  } catch (error) {
    if (error instanceof WorkflowFailedError) {
      const details = (error.cause as { details?: unknown[] } | undefined)?.details;
      const result = details?.[0] as RunbookRunResult | undefined;
      if (result !== undefined) {
        return {
          status: result.status,
          ...(result.reason === undefined ? {} : { reason: result.reason }),
          progress: result.progress,
          outputs: result.outputs,
        };
      }
      const description = await handle.describe();
      return {
        status: description.status.name === 'CANCELLED' ? 'Cancelled' : 'Failed',
        reason: error.cause?.message ?? error.message,
      };
    }
    throw error;
  }
}

async function tryQuery(client: Client, workflowId: string): Promise<RunProgress | undefined> {
  try {
    return await client.workflow.getHandle(workflowId).query(progressQuery);
  } catch {
    return undefined;
  }
}

/** What {@link followRun} needs to notice a run that no worker picks up. */
export interface FollowWatch {
  readonly settings: ConnectionSettings;
  readonly taskQueue: string;
  /** Give up after this long without a worker ({@link workerWaitMs}). */
  readonly waitMs: number;
}

/**
 * Prints progress until the run closes and returns its outcome. Works whether the worker is this
 * process or another one, and across worker restarts (queries just fail while none is up).
 *
 * With `watch`, a run whose next task no worker picks up is never followed in silence: after
 * {@link NO_WORKER_NOTICE_MS} a notice says which task queue needs a worker and how to start one,
 * and after `watch.waitMs` it throws `NoWorkerError` (the run itself stays and goes on once a
 * worker polls).
 */
export async function followRun(
  client: Client,
  workflowId: string,
  printer: ProgressPrinter,
  watch?: FollowWatch,
): Promise<FinalOutcome> {
  const handle = client.workflow.getHandle(workflowId);
  const watching = Date.now();
  let noticed = false;
  for (;;) {
    const progress = await tryQuery(client, workflowId);
    if (progress !== undefined) printer.update(progress);
    const description = await handle.describe();
    if (description.status.name !== 'RUNNING') break;
    const now = Date.now();
    const since = waitingForWorkerSince(description, now);
    if (watch !== undefined && since !== undefined) {
      // Time before we started watching does not count: a worker in this process may have only
      // just started polling.
      const waited = now - Math.max(since, watching);
      const context = { ...watch, runId: workflowId, purpose: 'run its next step' };
      if (waited >= watch.waitMs) {
        throw await noWorkerError(
          client,
          context,
          waited,
          `the run is still there and goes on once a worker picks it up (\`runbook status ${workflowId}\`)`,
        );
      }
      if (!noticed && waited >= NO_WORKER_NOTICE_MS) {
        noticed = true;
        printer.note(await noWorkerNotice(client, context, waited));
      }
    } else noticed = false;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  const outcome = await finalOutcome(client, workflowId);
  const last = (await tryQuery(client, workflowId)) ?? outcome.progress;
  if (last !== undefined) printer.update(last);
  return { ...outcome, ...(last === undefined ? {} : { progress: last }) };
}
