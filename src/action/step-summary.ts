// The Markdown the action writes to $GITHUB_STEP_SUMMARY: the run and a table of its steps.
import type { RunProgress, StepProgress } from '../workflows/types.js';
import { stepDetail } from './progress-log.js';

/** A table cell: one line, `|` escaped, and no HTML (the summary renders GitHub Markdown). */
export function cell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/`/g, "'");
}

const ICONS: Record<StepProgress['status'], string> = {
  Pending: '○',
  Running: '●',
  Succeeded: '✅',
  Failed: '❌',
  Skipped: '➖',
  RolledBack: '↩️',
  RollbackFailed: '‼️',
  WaitingApproval: '⏸️',
  Cancelled: '⊘',
};

function duration(step: StepProgress): string {
  if (step.startedAt === undefined || step.finishedAt === undefined) return '';
  return `${((step.finishedAt - step.startedAt) / 1000).toFixed(1)}s`;
}

export interface SummaryContext {
  readonly runId: string;
  /** The run's status as the action last saw it (a final status, or e.g. Running on timeout). */
  readonly status: string;
  /** A sentence under the heading (why the job failed, that the run was left running). */
  readonly note?: string;
}

/** `### <runbook>: <status>`, who started it at which commit, and one table row per step. */
export function stepSummary(progress: RunProgress | undefined, context: SummaryContext): string {
  const name = progress?.runbook ?? 'runbook';
  const lines = [`### ${cell(name)}: ${cell(context.status)}`, ''];
  const commit = progress?.commit === null ? 'uncommitted' : progress?.commit?.slice(0, 12);
  lines.push(
    `Run \`${cell(context.runId)}\`${commit === undefined ? '' : ` at \`${cell(commit)}\``}${progress === undefined ? '' : ` started by ${cell(progress.triggeredBy)}`}.`,
  );
  if (context.note !== undefined) lines.push('', cell(context.note));
  if (progress !== undefined && progress.steps.length > 0) {
    lines.push(
      '',
      '| Step | Status | Attempts | Time | Detail |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const step of progress.steps) {
      const label = `${'&nbsp;&nbsp;'.repeat(step.depth)}${cell(step.name ?? step.key)}`;
      const detail = stepDetail(step, false);
      lines.push(
        `| ${label} | ${ICONS[step.status]} ${step.status} | ${step.attempt} | ${duration(step)} | ${cell(detail)} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
