// The live run message: one Block Kit message per run, redrawn from the run's `progress` query.
// Pure: the follower passes what it read, this returns what `chat.postMessage`/`chat.update` send.
import type { JsonValue, ParamType } from '../../../runbook/model.js';
import type { RunProgress, RunStatus, StepProgress, StepStatus } from '../../../workflows/types.js';
import { bounded, identityText, shown } from './mrkdwn.js';

/** What the message shows of a run besides its progress. */
export interface RunView {
  readonly runId: string;
  readonly progress: RunProgress;
  readonly params: Readonly<Record<string, JsonValue>>;
  /** Declared param types: a `secret` param shows its reference name only. */
  readonly paramTypes: Readonly<Record<string, ParamType>>;
  /** `trigger.actor`, e.g. `slack:U0ALICE` or `cli:alice`. */
  readonly starter: string;
  /** A link to the run in the Temporal Web UI, when one is configured. */
  readonly webUiLink?: string;
  /** The runbook's top-level steps in order (progress lists a step only once it starts). */
  readonly plan?: readonly PlannedStep[];
}

/** A step of the runbook as the plan summary names it. */
export interface PlannedStep {
  readonly id: string;
  readonly name?: string;
  /** `run`, `parallel`, … or the action of a `uses` step (`kubernetes.setImage`). */
  readonly what: string;
}

export interface SlackContent {
  readonly text: string;
  readonly blocks: readonly Record<string, unknown>[];
}

const RUN_ICONS: Record<RunStatus, string> = {
  Queued: ':hourglass:',
  Running: ':arrows_counterclockwise:',
  WaitingApproval: ':raised_hand:',
  RollingBack: ':rewind:',
  Succeeded: ':white_check_mark:',
  Failed: ':x:',
  RolledBack: ':leftwards_arrow_with_hook:',
  RollbackFailed: ':boom:',
  Cancelled: ':no_entry_sign:',
};

const STEP_ICONS: Record<StepStatus, string> = {
  Pending: ':white_circle:',
  Running: ':large_blue_circle:',
  Succeeded: ':white_check_mark:',
  Failed: ':x:',
  Skipped: ':fast_forward:',
  RolledBack: ':leftwards_arrow_with_hook:',
  RollbackFailed: ':boom:',
  WaitingApproval: ':raised_hand:',
  Cancelled: ':no_entry_sign:',
};

export const runIcon = (status: RunStatus): string => RUN_ICONS[status];

/** Slack's limit per section text; the step list is cut to stay under it. */
const SECTION_TEXT_MAX = 2_900;
/** Slack allows 10 fields per section. */
const MAX_PARAM_FIELDS = 10;
const SECRET_REFERENCE = /^[a-z]+:[A-Za-z0-9_./-]{1,120}$/;

/** A param as the message shows it: a secret as its reference (`env:NAME`), never a value. */
export function paramText(type: ParamType | undefined, value: JsonValue): string {
  if (type === 'secret') {
    return typeof value === 'string' && SECRET_REFERENCE.test(value)
      ? `:lock: \`${value}\``
      : ':lock: (secret)';
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `\`${shown(text, 120).replace(/`/g, "'")}\``;
}

function approvalLine(step: StepProgress): string {
  const required = step.required ?? step.approval?.required;
  const votes = step.approvals ?? [];
  const parts: string[] = [];
  if (required !== undefined) parts.push(`${votes.length} of ${required} approvals`);
  if (votes.length > 0)
    parts.push(`by ${votes.map((v) => identityText(v.identity ?? v.by)).join(', ')}`);
  if (step.rejection !== undefined) {
    const r = step.rejection;
    parts.push(
      `rejected by ${identityText(r.identity ?? r.by)}${r.reason ? `: _${shown(r.reason)}_` : ''}`,
    );
  }
  if (step.outputs?.timedOut === 'true') parts.push('timed out');
  return parts.length === 0 ? '' : ` — ${parts.join(', ')}`;
}

/** One line per step: icon, name, status, approvals, rollback. */
export function stepLine(step: StepProgress): string {
  const indent = '\u2003'.repeat(Math.min(step.depth, 6));
  const name = step.name ?? step.id;
  const what = step.action === undefined ? '' : ` \`${shown(step.action, 60)}\``;
  const attempt = step.attempt > 1 ? ` (attempt ${step.attempt})` : '';
  const approval = step.kind === 'uses' && step.action === 'approval' ? approvalLine(step) : '';
  const error =
    step.error !== undefined && step.status === 'Failed' ? ` — ${shown(step.error, 160)}` : '';
  const rollback =
    step.rollback === undefined
      ? ''
      : ` — rollback ${step.rollback.status === 'Succeeded' ? 'done' : step.rollback.status.toLowerCase()}`;
  return `${indent}${STEP_ICONS[step.status]} *${shown(name, 80)}*${what} ${step.status}${attempt}${approval}${error}${rollback}`;
}

function stepsText(steps: readonly StepProgress[]): string {
  const lines: string[] = [];
  let length = 0;
  for (const [index, step] of steps.entries()) {
    const line = stepLine(step);
    if (length + line.length + 1 > SECTION_TEXT_MAX - 40) {
      lines.push(`… and ${steps.length - index} more step(s)`);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return lines.length === 0 ? '_no steps yet_' : lines.join('\n');
}

/** The whole message for the run's current state. */
export function renderRunMessage(view: RunView): SlackContent {
  const { progress } = view;
  const status = progress.status;
  const title = `${runIcon(status)} *${shown(progress.runbook, 80)}* — ${status}`;
  const reason =
    progress.reason === undefined ? '' : `\n${shown(bounded(progress.reason, 400), 400)}`;
  const blocks: Record<string, unknown>[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `${title}${reason}` } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `started by ${identityText(view.starter)} · run \`${shown(view.runId, 120)}\`${progress.commit === null ? ' · uncommitted' : ` · commit \`${shown(progress.commit.slice(0, 12), 12)}\``}`,
        },
      ],
    },
  ];
  const params = Object.entries(view.params);
  if (params.length > 0) {
    const fields = params.slice(0, MAX_PARAM_FIELDS).map(([name, value]) => ({
      type: 'mrkdwn',
      text: `*${shown(name, 60)}*\n${paramText(view.paramTypes[name], value)}`,
    }));
    blocks.push({ type: 'section', fields });
    if (params.length > MAX_PARAM_FIELDS) {
      blocks.push({
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: `… and ${params.length - MAX_PARAM_FIELDS} more param(s)` },
        ],
      });
    }
  }
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: stepsText(progress.steps) } });
  if (view.webUiLink !== undefined) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `<${view.webUiLink}|Open in the Temporal Web UI>` }],
    });
  }
  return {
    text: `${progress.runbook} (${view.runId}): ${status}`,
    blocks,
  };
}
