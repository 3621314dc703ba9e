// The one pull request comment that reports a run started by `/runbook run`: its steps while it
// runs, its result at the end. Every value in it is escaped and bounded (step errors and outputs
// come from the run: hostile text).
import { shown } from '../../runbook/bounded-text.js';
import type { RunProgress, RunStatus } from '../../workflows/types.js';

/** Steps listed in the comment; the rest are counted. */
const MAX_STEP_LINES = 40;

const ICON: Partial<Record<RunStatus, string>> = {
  Succeeded: '✅',
  Failed: '❌',
  RolledBack: '↩️',
  RollbackFailed: '‼️',
  Cancelled: '⊘',
  WaitingApproval: '⏸️',
};

/** Markdown-safe inline text: escaped controls, no backticks to break out of code spans. */
function inline(text: string, max = 200): string {
  return shown(text, max).replace(/`/g, "'");
}

export interface RunCommentView {
  readonly workflowId: string;
  readonly runbook: string;
  readonly requestedBy: string;
  readonly commit: string;
  readonly progress?: RunProgress;
  /** The final status when the run has closed (from its result), else undefined. */
  readonly final?: { status: RunStatus; reason?: string };
  readonly webUiUrl?: string;
  /** A line to add at the end (e.g. "stopped following after 6h"). */
  readonly note?: string;
}

export function runCommentMarker(workflowId: string): string {
  return `<!-- runbook-run:${workflowId} -->`;
}

export function renderRunComment(view: RunCommentView): string {
  const status: RunStatus = view.final?.status ?? view.progress?.status ?? 'Queued';
  const run =
    view.webUiUrl === undefined
      ? `\`${inline(view.workflowId)}\``
      : `[\`${inline(view.workflowId)}\`](${view.webUiUrl}/namespaces/default/workflows/${encodeURIComponent(view.workflowId)})`;
  const lines = [
    runCommentMarker(view.workflowId),
    `${ICON[status] ?? '⏳'} **${inline(view.runbook)}**: ${status}`,
    '',
    `Run ${run} at \`${view.commit.slice(0, 12)}\`, requested by @${inline(view.requestedBy, 100)}.`,
  ];
  const reason = view.final?.reason ?? view.progress?.reason;
  if (reason !== undefined) lines.push('', `Reason: ${inline(reason, 500)}`);
  const steps = view.progress?.steps ?? [];
  if (steps.length > 0) {
    lines.push('', '| step | status |', '| --- | --- |');
    for (const step of steps.slice(0, MAX_STEP_LINES)) {
      const extra =
        step.error === undefined ? '' : ` — ${inline(step.error.split('\n')[0] ?? '', 160)}`;
      lines.push(
        `| ${'&nbsp;&nbsp;'.repeat(step.depth)}\`${inline(step.key, 100)}\` | ${step.status}${extra.replace(/\|/g, '\\|')} |`,
      );
    }
    if (steps.length > MAX_STEP_LINES)
      lines.push(`| … ${steps.length - MAX_STEP_LINES} more steps | |`);
  }
  if (view.note !== undefined) lines.push('', `_${inline(view.note, 300)}_`);
  return `${lines.join('\n')}\n`;
}
