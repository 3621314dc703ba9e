// Who runs the steps of a run started by `runbook run`: a worker that is alive now, or one in
// this process. See worker-wait.ts for why the server's poller list cannot answer that.
import type { Client } from '@temporalio/client';
import type { ConnectionSettings } from './connection.js';
import { waitingForWorkerSince } from './worker-wait.js';

/**
 * How long `runbook run` against a server given by address waits for a worker that is already
 * running to pick up the new run, before it runs one in this process. A live worker with a free
 * slot picks a task up within milliseconds.
 */
export const WORKER_PICKUP_GRACE_MS = 3_000;
const PICKUP_POLL_MS = 200;

/** Whether some worker picked up the run's pending task (or the run closed) within `graceMs`. */
export async function pickedUp(client: Client, runId: string, graceMs: number): Promise<boolean> {
  const handle = client.workflow.getHandle(runId);
  const deadline = Date.now() + graceMs;
  for (;;) {
    if (waitingForWorkerSince(await handle.describe(), Date.now()) === undefined) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, PICKUP_POLL_MS));
  }
}

export interface WorkerChoice {
  /** Run a worker in this process for the length of the run. */
  readonly local: boolean;
  /** Why, for the line `runbook run` prints. */
  readonly reason: string;
}

/**
 * Decides whether `runbook run` runs its own worker:
 * - On the embedded dev server, always. Everything runs on this machine anyway, a second worker
 *   on the same task queue is harmless (each task goes to one poller), and it is the only answer
 *   that cannot be wrong: the server lists a worker that left a second ago for minutes.
 * - On a server given by address, only when no worker picks the run up within
 *   {@link WORKER_PICKUP_GRACE_MS}: the real workers there have the credentials and network the
 *   steps need, and a laptop's worker should not take their tasks.
 */
export async function chooseWorker(
  client: Client,
  settings: ConnectionSettings,
  runId: string,
): Promise<WorkerChoice> {
  if (settings.embedded !== undefined) {
    return { local: true, reason: 'embedded dev server: running a worker in this process' };
  }
  if (await pickedUp(client, runId, WORKER_PICKUP_GRACE_MS)) {
    return { local: false, reason: 'a worker picked the run up' };
  }
  return {
    local: true,
    reason: `no worker picked the run up on task queue "${settings.taskQueue}" within ${WORKER_PICKUP_GRACE_MS / 1000}s: running one in this process for this run`,
  };
}
