// The approval message posted in the run's thread while a step waits: the question, the plan
// (what the run will do next), the params, who started the run, who may approve and the `N of M`
// state, with Approve / Reject buttons. Once the step is decided the same message is redrawn
// without buttons, saying who decided, when and why (or what the timeout did). Pure.
import { describeApprovers } from '../../../runbook/people/persons.js';
import type { StepProgress } from '../../../workflows/types.js';
import { identityText, shown, timeText } from '../notifier/mrkdwn.js';
import { paramText, type RunView, type SlackContent } from '../notifier/run-message.js';
import { APPROVE_ACTION_ID, encodeTarget, REJECT_ACTION_ID } from './action-value.js';

/** How many upcoming steps the plan summary names. */
const PLAN_STEPS = 8;

/** Whether the step still waits for people. */
export const isWaiting = (step: StepProgress): boolean => step.status === 'WaitingApproval';

/** `deploy (kubernetes.setImage), smoke test (run)` — the steps after `step` that have not run. */
export function planSummary(view: RunView, step: StepProgress): string {
  const plan = view.plan ?? [];
  const at = plan.findIndex((s) => s.id === step.id);
  // A step inside a parallel/forEach block is not top-level: the whole rest is unknown here.
  const after = at < 0 ? [] : plan.slice(at + 1);
  if (after.length === 0) return at < 0 ? '_the rest of the runbook_' : '_nothing after this step_';
  const named = after
    .slice(0, PLAN_STEPS)
    .map((s) => `• ${shown(s.name ?? s.id, 80)} (\`${shown(s.what, 60)}\`)`);
  if (after.length > PLAN_STEPS) named.push(`• … and ${after.length - PLAN_STEPS} more`);
  return named.join('\n');
}

function whoMayApprove(step: StepProgress): string {
  const approval = step.approval;
  if (approval === undefined) return 'anyone allowed by the run';
  const { people, groups } = approval.approvers;
  const who =
    people.length === 0 && groups.length === 0
      ? 'anyone'
      : shown(describeApprovers(approval.approvers), 400);
  const self = approval.allowSelfApproval ? '' : ', not the person who started the run';
  const verified = approval.verified ? ' (votes from Slack only: `verified: true`)' : '';
  return `${who}${self}${verified}`;
}

function votesText(step: StepProgress): string {
  const votes = step.approvals ?? [];
  const required = step.required ?? step.approval?.required ?? 1;
  const lines = votes.map(
    (v) =>
      `:white_check_mark: ${identityText(v.identity ?? v.by)} approved at ${timeText(v.at)}${v.reason ? `: _${shown(v.reason)}_` : ''}`,
  );
  return [`*${votes.length} of ${required}* approvals`, ...lines].join('\n');
}

/** What happened to a step that is no longer waiting. */
export function outcomeText(step: StepProgress): string {
  const rejected = step.rejection;
  if (rejected !== undefined) {
    return `:x: Rejected by ${identityText(rejected.identity ?? rejected.by)} at ${timeText(rejected.at)}${rejected.reason ? `: _${shown(rejected.reason, 500)}_` : ''}`;
  }
  const votes = step.approvals ?? [];
  const required = step.required ?? step.approval?.required ?? 1;
  const timedOut = step.outputs?.timedOut === 'true' || step.error?.includes('approval timeout');
  if (timedOut === true || (votes.length < required && step.status !== 'Cancelled')) {
    switch (step.approval?.onTimeout ?? 'reject') {
      case 'skip':
        return `:fast_forward: Timed out with ${votes.length} of ${required} approvals: the step was skipped and the run went on (onTimeout: skip)`;
      case 'approve':
        return `:white_check_mark: Timed out with ${votes.length} of ${required} approvals: approved by timeout (onTimeout: approve)`;
      default:
        return `:x: Timed out with ${votes.length} of ${required} approvals: rejected (onTimeout: reject)`;
    }
  }
  if (step.status === 'Cancelled') return ':no_entry_sign: The run was cancelled before a decision';
  return `:white_check_mark: Approved by ${votes.map((v) => identityText(v.identity ?? v.by)).join(', ')}`;
}

/** The approval message for `step` of the run `view` shows, with buttons while it waits. */
export function renderApprovalMessage(
  view: RunView,
  step: StepProgress,
  options: { readonly escalation?: string } = {},
): SlackContent {
  const question = shown(step.approval?.message ?? 'Approve to continue', 1_000);
  const name = shown(step.name ?? step.id, 80);
  const params = Object.entries(view.params)
    .slice(0, 10)
    .map(([key, value]) => `*${shown(key, 60)}*: ${paramText(view.paramTypes[key], value)}`)
    .join('\n');
  const blocks: Record<string, unknown>[] = [];
  if (options.escalation !== undefined) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: options.escalation } });
  }
  blocks.push(
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:raised_hand: *Approval needed* for step *${name}* of *${shown(view.progress.runbook, 80)}*\n${question}`,
      },
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `started by ${identityText(view.starter)} · run \`${shown(view.runId, 120)}\` · may approve: ${whoMayApprove(step)}`,
        },
      ],
    },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*Next, if approved:*\n${planSummary(view, step)}` },
    },
  );
  if (params !== '')
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Params*\n${params}` } });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: votesText(step) } });
  if (isWaiting(step)) {
    const value = encodeTarget({ runId: view.runId, stepKey: step.key });
    blocks.push({
      type: 'actions',
      block_id: 'runbook_approval',
      elements: [
        {
          type: 'button',
          action_id: APPROVE_ACTION_ID,
          style: 'primary',
          text: { type: 'plain_text', text: 'Approve' },
          value,
        },
        {
          type: 'button',
          action_id: REJECT_ACTION_ID,
          style: 'danger',
          text: { type: 'plain_text', text: 'Reject' },
          value,
        },
      ],
    });
  } else {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: outcomeText(step) } });
  }
  const state = isWaiting(step) ? 'waiting for approval' : 'decided';
  return { text: `${view.progress.runbook}: step ${step.id} ${state}`, blocks };
}
