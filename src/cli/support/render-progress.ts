import type { ApprovalVote, RunProgress, StepProgress, StepStatus } from '../../workflows/types.js';
import { redrawFrame } from './terminal-frame.js';

const ICONS: Record<StepStatus, string> = {
  Pending: '○',
  Running: '●',
  Succeeded: '✔',
  Failed: '✖',
  Skipped: '–',
  RolledBack: '↺',
  RollbackFailed: '‼',
  WaitingApproval: '⏸',
  Cancelled: '⊘',
};

const COLORS: Partial<Record<StepStatus, string>> = {
  Running: '\x1b[36m',
  Succeeded: '\x1b[32m',
  Failed: '\x1b[31m',
  RollbackFailed: '\x1b[31m',
  RolledBack: '\x1b[33m',
  WaitingApproval: '\x1b[35m',
  Skipped: '\x1b[2m',
  Cancelled: '\x1b[33m',
};

/** `carol (verified)` for a vote runbook server signed, `bob` for any other. */
const voter = (vote: ApprovalVote) => (vote.verified === true ? `${vote.by} (verified)` : vote.by);

function detail(step: StepProgress): string {
  const parts: string[] = [];
  if (step.status === 'WaitingApproval') {
    const only = step.approval?.verified === true ? ' verified (Slack/GitHub)' : '';
    parts.push(`waiting for ${step.required ?? 1}${only} approval(s)`);
    if ((step.approvals ?? []).length > 0)
      parts.push(`approved by ${step.approvals?.map(voter).join(', ')}`);
  } else if (step.approvals !== undefined && step.approvals.length > 0) {
    parts.push(`approved by ${step.approvals.map(voter).join(', ')}`);
  }
  if (step.rejection !== undefined) parts.push(`rejected by ${step.rejection.by}`);
  if (step.attempt > 1) parts.push(`attempt ${step.attempt}`);
  if (step.startedAt !== undefined && step.finishedAt !== undefined) {
    parts.push(`${((step.finishedAt - step.startedAt) / 1000).toFixed(1)}s`);
  }
  if (step.rollback?.status === 'Running') parts.push('rolling back…');
  if (step.rollback?.status === 'Failed')
    parts.push(`rollback failed: ${step.rollback.error ?? ''}`);
  if (step.error !== undefined && step.status !== 'RolledBack')
    parts.push(step.error.split('\n')[0] ?? '');
  return parts.join(' · ');
}

/** One line per step, indented by depth. */
export function renderStepLines(progress: RunProgress, color: boolean): string[] {
  return progress.steps.map((step) => {
    const label = step.name ?? step.key;
    const text = `${'  '.repeat(step.depth)}${ICONS[step.status]} ${label}  ${step.status}`;
    const extra = detail(step);
    const paint = color ? (COLORS[step.status] ?? '') : '';
    const reset = color && paint !== '' ? '\x1b[0m' : '';
    return `${paint}${text}${reset}${extra === '' ? '' : `  ${color ? '\x1b[2m' : ''}${extra}${color ? '\x1b[0m' : ''}`}`;
  });
}

/**
 * A merge-started run's binding to the reviewed plan: nothing when it matched, else the two
 * hashes and what differs (already bounded and escaped when the run was started).
 */
export function renderPlanBinding(progress: RunProgress): string[] {
  const binding = progress.planBinding;
  if (binding === undefined || binding.reviewed === binding.actual) return [];
  return [
    `plan changed since review: reviewed ${binding.reviewed}, now ${binding.actual}`,
    ...binding.difference.map((line) => `  ${line}`),
  ];
}

export function renderHeader(runId: string, progress: RunProgress): string {
  const commit = progress.commit === null ? 'uncommitted' : progress.commit.slice(0, 12);
  return `${progress.runbook} · run ${runId} · ${commit} · by ${progress.triggeredBy} · ${progress.status}`;
}

/** A writable the printer draws on; a terminal also says its size. */
export type ProgressOutput = NodeJS.WritableStream & {
  isTTY?: boolean;
  columns?: number;
  rows?: number;
};

/**
 * Draws progress as it changes: on a terminal the tree is redrawn in place (see
 * terminal-frame.ts); otherwise one line is printed per state change, so CI logs stay readable.
 * Anything else to say while a run is drawn goes through {@link ProgressPrinter.note}.
 */
export class ProgressPrinter {
  private drawnRows = 0;
  private lastFrame: readonly string[] = [];
  private readonly seen = new Map<string, string>();
  private lastRunStatus: string | undefined;

  constructor(
    private readonly out: ProgressOutput,
    private readonly runId: string,
  ) {}

  update(progress: RunProgress): void {
    if (this.out.isTTY === true) {
      this.lastFrame = [renderHeader(this.runId, progress), ...renderStepLines(progress, true)];
      this.draw([]);
    } else this.appendChanges(progress);
  }

  /** Prints a line of its own above the live tree (a notice, a demo's narration). */
  note(text: string): void {
    if (this.out.isTTY === true) this.draw([text]);
    else this.out.write(`${text}\n`);
  }

  private draw(notes: readonly string[]): void {
    const { text, rows } = redrawFrame(this.drawnRows, this.lastFrame, this.out, notes);
    this.out.write(text);
    this.drawnRows = rows;
  }

  private appendChanges(progress: RunProgress): void {
    if (progress.status !== this.lastRunStatus) {
      this.out.write(
        `run ${this.runId}: ${progress.status}${progress.reason ? ` — ${progress.reason}` : ''}\n`,
      );
      this.lastRunStatus = progress.status;
    }
    for (const step of progress.steps) {
      const state = `${step.status}|${step.attempt}|${step.approvals?.length ?? 0}|${step.rollback?.status ?? ''}`;
      if (this.seen.get(step.key) === state) continue;
      this.seen.set(step.key, state);
      const extra = detail(step);
      this.out.write(`  ${step.key}: ${step.status}${extra === '' ? '' : ` (${extra})`}\n`);
    }
  }
}
