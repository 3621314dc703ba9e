// The job log's view of a run: one line per step state change, as the run goes.
import { shown } from '../runbook/bounded-text.js';
import type { RunProgress, StepProgress } from '../workflows/types.js';

/** How much of an error message one log line shows. */
const DETAIL_CHARS = 300;

function seconds(step: StepProgress): string | undefined {
  if (step.startedAt === undefined || step.finishedAt === undefined) return undefined;
  return `${((step.finishedAt - step.startedAt) / 1000).toFixed(1)}s`;
}

/**
 * What a step line adds after its status: approvals, attempt and time (unless `timing` is false,
 * for a table that has columns for them), the rollback's state, the error.
 */
export function stepDetail(step: StepProgress, timing = true): string {
  const parts: string[] = [];
  if (step.status === 'WaitingApproval') {
    parts.push(`waiting for ${step.required ?? 1} approval(s)`);
  }
  if (step.approvals !== undefined && step.approvals.length > 0) {
    parts.push(`approved by ${step.approvals.map((a) => a.by).join(', ')}`);
  }
  if (step.rejection !== undefined) parts.push(`rejected by ${step.rejection.by}`);
  const took = seconds(step);
  if (timing && step.attempt > 1) parts.push(`attempt ${step.attempt}`);
  if (timing && took !== undefined) parts.push(took);
  if (step.rollback?.status === 'Running') parts.push('rolling back');
  if (step.rollback?.status === 'Failed')
    parts.push(`rollback failed: ${step.rollback.error ?? ''}`);
  if (step.error !== undefined && step.status !== 'RolledBack') parts.push(step.error);
  return shown(parts.join(' · '), DETAIL_CHARS);
}

/** A change worth a line: the status, the attempt, the votes and the rollback's state. */
function stateOf(step: StepProgress): string {
  return `${step.status}|${step.attempt}|${step.approvals?.length ?? 0}|${step.rollback?.status ?? ''}`;
}

/**
 * Turns successive progress snapshots into log lines: the run's status when it changes, and one
 * line per step whose state changed since the last snapshot (`deploy: Failed (attempt 3 · …)`).
 * Values are escaped (no line breaks or control characters), so a line cannot pose as a
 * workflow command. Steps that newly failed are listed for the output tail.
 */
export class ProgressLog {
  private readonly seen = new Map<string, string>();
  private runStatus: string | undefined;

  constructor(private readonly runId: string) {}

  update(progress: RunProgress): { lines: string[]; failed: StepProgress[] } {
    const lines: string[] = [];
    const failed: StepProgress[] = [];
    if (progress.status !== this.runStatus) {
      this.runStatus = progress.status;
      const reason =
        progress.reason === undefined ? '' : ` — ${shown(progress.reason, DETAIL_CHARS)}`;
      lines.push(`run ${this.runId}: ${progress.status}${reason}`);
    }
    for (const step of progress.steps) {
      const state = stateOf(step);
      const before = this.seen.get(step.key);
      if (before === state) continue;
      this.seen.set(step.key, state);
      if (before === undefined && step.status === 'Pending') continue;
      const detail = stepDetail(step);
      lines.push(
        `${'  '.repeat(step.depth + 1)}${shown(step.key, 100)}: ${step.status}${detail === '' ? '' : ` (${detail})`}`,
      );
      if (step.status === 'Failed' && !before?.startsWith('Failed|')) failed.push(step);
    }
    return { lines, failed };
  }
}
