import { type Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { type AwaitWorkerOptions, awaitLiveWorker, noWorkerError } from './worker-wait.js';

/**
 * Sends a workflow Update without ever waiting in silence. An Update blocks until a worker
 * processes it, and with no worker it would block forever; so it is sent only once a worker
 * answers for the run ({@link awaitLiveWorker}: notice, then `NoWorkerError`, nothing sent), and
 * the Update itself is bounded by `waitMs` too (should the worker vanish in between; the error
 * then says the vote may still be recorded when a worker picks the run up).
 *
 * A `WorkflowUpdateFailedError` (the run refused the Update) is rethrown as is.
 */
export async function sendUpdateBounded<T>(
  client: Client,
  options: AwaitWorkerOptions & { readonly send: () => Promise<T> },
): Promise<T> {
  await awaitLiveWorker(client, options);
  const started = Date.now();
  try {
    return await client.withDeadline(started + options.waitMs, options.send);
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError || Date.now() < started + options.waitMs)
      throw error;
    throw await noWorkerError(
      client,
      options,
      Date.now() - started,
      `it was sent and may still be recorded when a worker picks the run up; check with \`runbook status ${options.runId}\` before deciding again`,
    );
  }
}
