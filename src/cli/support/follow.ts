import { type Client, WorkflowFailedError } from '@temporalio/client';
import { progressQuery } from '../../workflows/definitions.js';
import type { RunbookRunResult, RunProgress } from '../../workflows/types.js';
import { ProgressPrinter } from './render-progress.js';

/** How often a follower asks for progress. Queries are cheap and never enter history. */
const POLL_INTERVAL_MS = 400;

export interface FinalOutcome {
  readonly status: string;
  readonly reason?: string;
  readonly progress?: RunProgress;
}

/** The outcome of a closed run, read from its result or from the failure's details. */
export async function finalOutcome(client: Client, workflowId: string): Promise<FinalOutcome> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    const result = (await handle.result()) as RunbookRunResult;
    return { status: result.status, progress: result.progress };
  } catch (error) {
    if (error instanceof WorkflowFailedError) {
      const details = (error.cause as { details?: unknown[] } | undefined)?.details;
      const result = details?.[0] as RunbookRunResult | undefined;
      if (result !== undefined) {
        return {
          status: result.status,
          ...(result.reason === undefined ? {} : { reason: result.reason }),
          progress: result.progress,
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

/**
 * Prints progress until the run closes and returns its outcome. Works whether the worker is this
 * process or another one, and across worker restarts (queries just fail while none is up).
 */
export async function followRun(
  client: Client,
  workflowId: string,
  out: NodeJS.WritableStream & { isTTY?: boolean },
): Promise<FinalOutcome> {
  const printer = new ProgressPrinter(out, workflowId);
  const handle = client.workflow.getHandle(workflowId);
  for (;;) {
    const progress = await tryQuery(client, workflowId);
    if (progress !== undefined) printer.update(progress);
    const description = await handle.describe();
    if (description.status.name !== 'RUNNING') break;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  const outcome = await finalOutcome(client, workflowId);
  const last = (await tryQuery(client, workflowId)) ?? outcome.progress;
  if (last !== undefined) printer.update(last);
  return { ...outcome, ...(last === undefined ? {} : { progress: last }) };
}
