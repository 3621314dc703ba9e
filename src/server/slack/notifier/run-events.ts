// What deserves a thread reply under the run message, found by comparing two reads of the run's
// progress: a step that failed, each compensation (a step's rollback) that finished, and the
// run's final status. Pure.
import {
  FINAL_RUN_STATUSES,
  type RunProgress,
  type StepProgress,
} from '../../../workflows/types.js';
import { identityText, shown } from './mrkdwn.js';
import { runIcon } from './run-message.js';

export type RunEvent =
  | { readonly kind: 'step-failed'; readonly step: StepProgress }
  | { readonly kind: 'compensation'; readonly step: StepProgress }
  | { readonly kind: 'final'; readonly progress: RunProgress };

export const isFinal = (progress: RunProgress): boolean =>
  FINAL_RUN_STATUSES.includes(progress.status);

/** The events between `before` (undefined: the first read) and `after`, in order. */
export function runEvents(before: RunProgress | undefined, after: RunProgress): RunEvent[] {
  const earlier = new Map((before?.steps ?? []).map((step) => [step.key, step]));
  const events: RunEvent[] = [];
  for (const step of after.steps) {
    const old = earlier.get(step.key);
    if (step.status === 'Failed' && old?.status !== 'Failed') {
      events.push({ kind: 'step-failed', step });
    }
    const done = step.rollback?.status;
    if ((done === 'Succeeded' || done === 'Failed') && old?.rollback?.status !== done) {
      events.push({ kind: 'compensation', step });
    }
  }
  if (isFinal(after) && (before === undefined || !isFinal(before))) {
    events.push({ kind: 'final', progress: after });
  }
  return events;
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes}m ${seconds % 60}s`
    : `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/** The thread reply's text for an event. */
export function eventText(event: RunEvent): string {
  switch (event.kind) {
    case 'step-failed': {
      const { step } = event;
      const rejected = step.rejection;
      const why =
        rejected !== undefined
          ? `rejected by ${identityText(rejected.identity ?? rejected.by)}${rejected.reason ? `: _${shown(rejected.reason)}_` : ''}`
          : shown(step.error ?? 'no reason given', 500);
      return `:x: Step *${shown(step.name ?? step.id, 80)}* failed: ${why}`;
    }
    case 'compensation': {
      const { step } = event;
      const rollback = step.rollback;
      return rollback?.status === 'Succeeded'
        ? `:leftwards_arrow_with_hook: Rolled back step *${shown(step.name ?? step.id, 80)}*`
        : `:boom: Rollback of step *${shown(step.name ?? step.id, 80)}* failed: ${shown(rollback?.error ?? 'no reason given', 500)}`;
    }
    case 'final': {
      const { progress } = event;
      const took =
        progress.finishedAt === undefined
          ? ''
          : ` after ${duration(progress.finishedAt - progress.startedAt)}`;
      const reason = progress.reason === undefined ? '' : `: ${shown(progress.reason, 500)}`;
      return `${runIcon(progress.status)} Run ${progress.status}${took}${reason}`;
    }
    default: {
      const never: never = event;
      return never;
    }
  }
}
