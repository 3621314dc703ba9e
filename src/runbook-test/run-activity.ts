/**
 * What a run is doing right now, read from its history and description on the test server: is a
 * workflow task or an activity in flight (work happens in real time), is an activity waiting for
 * its next attempt, and when does the next timer fire (the only thing that can happen next when
 * nothing is in flight). The driver uses it to skip time exactly to the next timer. No I/O of its
 * own beyond the two calls.
 */
import type { WorkflowHandle } from '@temporalio/client';

export interface RunActivity {
  /** A workflow task or an activity attempt is in flight (or about to be). */
  readonly busy: boolean;
  /** An activity is waiting between attempts (its retry backoff, a server-side wait). */
  readonly backingOff: boolean;
  /** A child workflow is open (its timers are in its own history). */
  readonly child: boolean;
  /** The earliest fire time of an open timer (epoch ms, virtual), if any. */
  readonly nextTimerAt?: number;
  /**
   * What the two reads saw, to compare two snapshots: the history's length and each pending
   * activity's id, state and attempt. The reads are not atomic; two equal snapshots in a row
   * mean nothing moved while they were taken.
   */
  readonly fingerprint: string;
}

type Seconds = number | string | { toString(): string } | null | undefined;
interface Stamp {
  seconds?: Seconds;
  nanos?: number | null;
}

function ms(value: Stamp | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return Number(String(value.seconds ?? 0)) * 1000 + Math.floor((value.nanos ?? 0) / 1e6);
}

/** `temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED`. */
const ACTIVITY_SCHEDULED = 1;

export async function runActivity(handle: WorkflowHandle): Promise<RunActivity> {
  const [history, description] = await Promise.all([handle.fetchHistory(), handle.describe()]);
  let pendingTask: number | undefined;
  const timers = new Map<number, number>();
  for (const event of history.events ?? []) {
    const id = Number(String(event.eventId ?? 0));
    if (event.workflowTaskScheduledEventAttributes != null) pendingTask = id;
    const closed =
      event.workflowTaskCompletedEventAttributes ??
      event.workflowTaskFailedEventAttributes ??
      event.workflowTaskTimedOutEventAttributes;
    if (closed != null && Number(String(closed.scheduledEventId ?? 0)) === pendingTask) {
      pendingTask = undefined;
    }
    const started = event.timerStartedEventAttributes;
    if (started != null) {
      timers.set(id, ms(event.eventTime as Stamp) + ms(started.startToFireTimeout as Stamp));
    }
    const ended = event.timerFiredEventAttributes ?? event.timerCanceledEventAttributes;
    if (ended != null) timers.delete(Number(String(ended.startedEventId ?? 0)));
  }
  const activities = description.raw.pendingActivities ?? [];
  const backingOff = activities.some(
    (a) => a.state === ACTIVITY_SCHEDULED && Number(a.attempt ?? 1) > 1,
  );
  const inFlight = activities.some(
    (a) => !(a.state === ACTIVITY_SCHEDULED && Number(a.attempt ?? 1) > 1),
  );
  const next = timers.size === 0 ? undefined : Math.min(...timers.values());
  const fingerprint = JSON.stringify([
    history.events?.length ?? 0,
    activities.map((a) => [a.activityId, a.state, a.attempt]),
    (description.raw.pendingChildren ?? []).length,
  ]);
  return {
    fingerprint,
    busy: pendingTask !== undefined || inFlight,
    backingOff,
    child: (description.raw.pendingChildren ?? []).length > 0,
    ...(next === undefined ? {} : { nextTimerAt: next }),
  };
}
