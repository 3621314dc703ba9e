// Waiting on a worker, never in silence: how long before we say so, how long before we give up,
// and how we tell that a worker is alive now.
//
// Why not trust the server's poller list: `DescribeTaskQueue` keeps a worker listed for minutes
// after it left (its poller history expires after 5 minutes), and even its `lastAccessTime` cannot
// tell "alive" from "just left": an idle live worker re-polls only when its long poll ends (about
// once a minute), so a live worker may look a minute old and a gone one a second old. The only
// evidence that a worker is alive *now* is a worker doing something now: answering a query, or
// picking up a task. The poller list only makes the message more helpful ("last seen 52s ago").
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { parseDuration } from '../../runbook/index.js';
import { progressQuery } from '../../workflows/definitions.js';
import { NoWorkerError, UsageError } from '../errors.js';
import type { ConnectionSettings } from './connection.js';

/** After this long without a worker, a waiting command says so and what to start. */
export const NO_WORKER_NOTICE_MS = 5_000;
/** A waiting command gives up after this long without a worker, unless `--worker-wait` says otherwise. */
export const WORKER_WAIT_TIMEOUT_MS = 60_000;
/** The environment variable that overrides {@link WORKER_WAIT_TIMEOUT_MS} (a duration: `30s`). */
export const WORKER_WAIT_ENV = 'RUNBOOK_WORKER_WAIT';
/** How long one liveness probe (a query) may take; a live worker answers in milliseconds. */
export const WORKER_PROBE_TIMEOUT_MS = 2_000;
// Enum values of temporal.api.enums.v1 (the package is CommonJS; its named exports do not load
// from ESM).
const PENDING_WORKFLOW_TASK_STATE_SCHEDULED = 1;
const PENDING_ACTIVITY_STATE_SCHEDULED = 1;
const TASK_QUEUE_TYPE_WORKFLOW = 1;

/** Pause between probes while waiting for a worker to appear. */
const PROBE_INTERVAL_MS = 500;

/** The `--worker-wait <duration>` flag of every command that waits on a worker. */
export const workerWaitOption = { 'worker-wait': { type: 'string' } } as const;

/** The wait bound: `--worker-wait`, else `$RUNBOOK_WORKER_WAIT`, else the default. */
export function workerWaitMs(flag: string | undefined, env: NodeJS.ProcessEnv): number {
  const [text, source] =
    flag !== undefined ? [flag, '--worker-wait'] : [env[WORKER_WAIT_ENV], WORKER_WAIT_ENV];
  if (text === undefined || text === '') return WORKER_WAIT_TIMEOUT_MS;
  try {
    return parseDuration(text);
  } catch (error) {
    throw new UsageError(`${source}: ${(error as Error).message}`, 2, { cause: error });
  }
}

/** The command that starts a worker for `taskQueue` on the server `settings` point at. */
export function startWorkerHint(settings: ConnectionSettings, taskQueue: string): string {
  const parts = ['runbook worker', `--task-queue ${taskQueue}`];
  if (settings.embedded === undefined) parts.push(`--address ${settings.address}`);
  if (settings.namespace !== 'default') parts.push(`--namespace ${settings.namespace}`);
  return parts.join(' ');
}

/** `7s`, `2m05s`: a wait as people read it (no milliseconds). */
export function formatWait(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

function msOf(ts: { seconds?: { toString(): string } | null; nanos?: number | null } | null) {
  if (ts === null || ts === undefined) return undefined;
  return Number(ts.seconds?.toString() ?? '0') * 1000 + Math.floor((ts.nanos ?? 0) / 1e6);
}

/**
 * Since when the run has work that no worker has picked up: its workflow task, or an activity
 * whose attempt is due, scheduled but not started. Undefined when nothing waits for a worker
 * (steps running, a timer or an approval pending, the run closed).
 */
export function waitingForWorkerSince(
  description: WorkflowExecutionDescription,
  now: number,
): number | undefined {
  if (description.status.name !== 'RUNNING') return undefined;
  const since: number[] = [];
  const task = description.raw.pendingWorkflowTask;
  if (task?.state === PENDING_WORKFLOW_TASK_STATE_SCHEDULED) {
    const at = msOf(task.originalScheduledTime ?? task.scheduledTime ?? null);
    if (at !== undefined) since.push(at);
  }
  for (const activity of description.raw.pendingActivities ?? []) {
    if (activity.state !== PENDING_ACTIVITY_STATE_SCHEDULED) continue;
    const due =
      msOf(activity.nextAttemptScheduleTime ?? null) ?? msOf(activity.scheduledTime ?? null);
    if (due !== undefined && due <= now) since.push(due);
  }
  return since.length === 0 ? undefined : Math.min(...since);
}

/** "the last worker seen polling it, x, polled 52s ago", or that none was seen, for messages. */
export async function lastPollerNote(
  client: Client,
  namespace: string,
  taskQueue: string,
): Promise<string> {
  try {
    const response = await client.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: taskQueue },
      taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
    });
    const last = (response.pollers ?? [])
      .map((p) => ({ identity: p.identity ?? '?', at: msOf(p.lastAccessTime ?? null) ?? 0 }))
      .sort((a, b) => b.at - a.at)[0];
    if (last === undefined) return 'no worker has polled it recently';
    return `the last worker seen on it, ${last.identity}, polled ${formatWait(Math.max(0, Date.now() - last.at))} ago`;
  } catch {
    return 'the server did not say which workers poll it';
  }
}

/** Whether a worker answers a query for the run within {@link WORKER_PROBE_TIMEOUT_MS}. */
export async function workerAnswers(
  client: Client,
  runId: string,
  timeoutMs = WORKER_PROBE_TIMEOUT_MS,
) {
  try {
    await client.withDeadline(Date.now() + timeoutMs, () =>
      client.workflow.getHandle(runId).query(progressQuery),
    );
    return true;
  } catch {
    return false;
  }
}

export interface AwaitWorkerOptions {
  readonly settings: ConnectionSettings;
  readonly runId: string;
  readonly taskQueue: string;
  /** Give up after this long (see {@link workerWaitMs}). */
  readonly waitMs: number;
  /** What the command is waiting to do, for the messages: "record the approval". */
  readonly purpose: string;
  /** Prints the notice (once, after {@link NO_WORKER_NOTICE_MS}). */
  readonly notice: (text: string) => void;
}

/** The notice printed when no worker has picked up work for `waitedMs`. */
export async function noWorkerNotice(
  client: Client,
  options: Pick<AwaitWorkerOptions, 'settings' | 'runId' | 'taskQueue' | 'purpose'>,
  waitedMs: number,
): Promise<string> {
  const note = await lastPollerNote(client, options.settings.namespace, options.taskQueue);
  const waited = waitedMs > 0 ? `waited ${formatWait(waitedMs)}; ` : '';
  return `no worker is polling task queue "${options.taskQueue}" to ${options.purpose} (run ${options.runId}; ${waited}${note}). Start one in another terminal: ${startWorkerHint(options.settings, options.taskQueue)}`;
}

/**
 * Returns once a worker answers for the run. Says so after {@link NO_WORKER_NOTICE_MS}, and
 * throws {@link NoWorkerError} after `waitMs` without one.
 */
export async function awaitLiveWorker(client: Client, options: AwaitWorkerOptions): Promise<void> {
  const started = Date.now();
  let noticed = false;
  for (;;) {
    const left = started + options.waitMs - Date.now();
    if (
      await workerAnswers(
        client,
        options.runId,
        Math.max(1, Math.min(WORKER_PROBE_TIMEOUT_MS, left)),
      )
    )
      return;
    const waited = Date.now() - started;
    if (waited >= options.waitMs) throw await noWorkerError(client, options, waited);
    if (!noticed && waited >= NO_WORKER_NOTICE_MS) {
      noticed = true;
      options.notice(await noWorkerNotice(client, options, waited));
    }
    await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
  }
}

/**
 * The error a command gives up with. `consequence` says what did or did not happen;
 * `canWaitLonger` adds how to raise the bound (for commands with `--worker-wait`).
 */
export async function noWorkerError(
  client: Client,
  options: Pick<AwaitWorkerOptions, 'settings' | 'runId' | 'taskQueue' | 'purpose'>,
  waitedMs: number,
  consequence = 'nothing was sent to the run',
  canWaitLonger = true,
): Promise<NoWorkerError> {
  const note = await lastPollerNote(client, options.settings.namespace, options.taskQueue);
  const longer = canWaitLonger
    ? ` To wait longer, pass --worker-wait <duration> or set ${WORKER_WAIT_ENV}.`
    : '';
  return new NoWorkerError(
    `gave up after ${formatWait(waitedMs)}: no worker is polling task queue "${options.taskQueue}" to ${options.purpose} (run ${options.runId}; ${note}); ${consequence}. Start a worker (${startWorkerHint(options.settings, options.taskQueue)}), then run this command again.${longer}`,
    options.runId,
    options.taskQueue,
    waitedMs,
  );
}
