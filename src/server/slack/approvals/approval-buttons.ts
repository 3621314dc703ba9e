// The Approve / Reject buttons and the reject reason modal, as Bolt listeners. Every request here
// was signature-checked by the receiver; its contents (button value, modal metadata, the reason)
// are still hostile and read as such. A click is acknowledged at once (Slack's 3 seconds); the
// vote is sent after, and a refusal, a finished run or an unreachable worker is answered
// ephemerally to the clicker alone. An accepted vote wakes the run's follower, which redraws the
// run message and the approval message from the run's progress.
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { VoteSigningKey } from '../../../runbook/votes/index.js';
import type { ServerContext } from '../../types.js';
import { bounded } from '../notifier/mrkdwn.js';
import type { SlackApi } from '../notifier/slack-calls.js';
import type { SlackUserGroups } from '../user-groups.js';
import {
  APPROVE_ACTION_ID,
  type ApprovalTarget,
  decodeTarget,
  REASON_ACTION_ID,
  REASON_BLOCK_ID,
  REJECT_ACTION_ID,
  REJECT_VIEW_ID,
} from './action-value.js';
import { castVote, type VoteOutcome } from './cast-vote.js';
import { voterGroups } from './voter-groups.js';

/** The longest reason a rejection carries (the modal's input says so too). */
export const MAX_REASON_LENGTH = 500;
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,20}$/;

export interface ApprovalButtonsDeps {
  readonly context: ServerContext;
  readonly slack: SlackApi;
  readonly signingKey: VoteSigningKey | undefined;
  /** Resolves the clicker's Slack user group memberships, for steps whose approvers name some. */
  readonly userGroups: SlackUserGroups;
  /** Called after an accepted vote: the run's follower reads the run again now. */
  readonly onAccepted: (target: ApprovalTarget) => void;
}

/** What the clicker is told, or `undefined` for an accepted vote (the messages update). */
export function outcomeMessage(outcome: VoteOutcome, target: ApprovalTarget): string | undefined {
  switch (outcome.kind) {
    case 'accepted':
      return undefined;
    case 'refused':
      return `:no_entry: Your vote was not counted: ${outcome.reason}`;
    case 'finished':
      return `:no_entry: Run ${target.runId} has ended (${outcome.status}); there is nothing left to decide.`;
    case 'unavailable':
      return `:warning: Run ${target.runId} did not answer (is a worker running?); your vote may not have counted. Try again in a moment.`;
    default: {
      const never: never = outcome;
      return never;
    }
  }
}

function rejectModal(target: ApprovalTarget, channel: string | undefined) {
  return {
    type: 'modal' as const,
    callback_id: REJECT_VIEW_ID,
    private_metadata: JSON.stringify({
      run: target.runId,
      step: target.stepKey,
      ...(channel === undefined ? {} : { channel }),
    }),
    title: { type: 'plain_text' as const, text: 'Reject the step' },
    submit: { type: 'plain_text' as const, text: 'Reject' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: REASON_BLOCK_ID,
        label: { type: 'plain_text', text: 'Why? (shown in the run message)' },
        element: {
          type: 'plain_text_input',
          action_id: REASON_ACTION_ID,
          multiline: true,
          max_length: MAX_REASON_LENGTH,
        },
      },
    ],
  };
}

export function registerApprovalButtons(app: App, deps: ApprovalButtonsDeps): void {
  const { context, slack } = deps;
  const vote = async (
    target: ApprovalTarget,
    decision: 'approve' | 'reject',
    user: string,
    tell: (text: string) => Promise<void>,
    reason?: string,
  ) => {
    // Memberships only count signed: without a signing key there is nothing to ask Slack for.
    const found =
      deps.signingKey === undefined
        ? {}
        : await voterGroups(context.client, deps.userGroups, target, user);
    if (found.problem !== undefined) context.log(`slack: ${found.problem}`);
    const outcome = await castVote(
      context.client,
      {
        target,
        decision,
        identity: `slack:${user}`,
        ...(reason === undefined ? {} : { reason }),
        ...(found.groups === undefined ? {} : { slackUserGroups: found.groups }),
      },
      deps.signingKey,
    );
    if (outcome.kind === 'accepted') {
      context.log(
        `slack: ${decision} of ${target.runId} step ${target.stepKey} by slack:${user} accepted`,
      );
      deps.onAccepted(target);
      return;
    }
    context.log(
      `slack: ${decision} of ${target.runId} step ${target.stepKey} by slack:${user}: ${outcome.kind}`,
    );
    const text = outcomeMessage(outcome, target);
    if (text === undefined) return;
    await tell(
      found.problem === undefined || outcome.kind !== 'refused'
        ? text
        : `${text} (your Slack user group memberships could not be checked: ${found.problem}; try again)`,
    );
  };

  app.action<BlockAction<ButtonAction>>(
    APPROVE_ACTION_ID,
    async ({ ack, body, action, respond }) => {
      await ack();
      const user = body.user?.id;
      const target = decodeTarget(action.value);
      const tell = (text: string) =>
        respond({ response_type: 'ephemeral', replace_original: false, text }).then(() => {});
      if (typeof user !== 'string' || !SLACK_USER_ID.test(user) || target === undefined) {
        context.log('slack: ignored an approve click with a malformed user or button value');
        if (target === undefined) await tell(':no_entry: This button is not a runbook approval.');
        return;
      }
      await vote(target, 'approve', user, tell);
    },
  );

  app.action<BlockAction<ButtonAction>>(
    REJECT_ACTION_ID,
    async ({ ack, body, action, respond }) => {
      await ack();
      const user = body.user?.id;
      const target = decodeTarget(action.value);
      if (typeof user !== 'string' || !SLACK_USER_ID.test(user) || target === undefined) {
        context.log('slack: ignored a reject click with a malformed user or button value');
        return;
      }
      const channel = body.channel?.id;
      try {
        await slack.call('views.open', {
          trigger_id: body.trigger_id,
          view: rejectModal(
            target,
            channel !== undefined && CHANNEL_ID.test(channel) ? channel : undefined,
          ),
        });
      } catch (error) {
        context.log(`slack: could not open the reject modal: ${(error as Error).message}`);
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: ':warning: Could not open the reject form; try again.',
        });
      }
    },
  );

  app.view<ViewSubmitAction>(REJECT_VIEW_ID, async ({ ack, body, view }) => {
    await ack();
    const user = body.user?.id;
    let metadata: unknown;
    try {
      metadata = JSON.parse(view.private_metadata);
    } catch {
      metadata = undefined;
    }
    const target = decodeTarget(
      typeof metadata === 'object' && metadata !== null
        ? JSON.stringify({
            run: (metadata as Record<string, unknown>).run,
            step: (metadata as Record<string, unknown>).step,
          })
        : undefined,
    );
    const channel = (metadata as { channel?: unknown } | undefined)?.channel;
    if (typeof user !== 'string' || !SLACK_USER_ID.test(user) || target === undefined) {
      context.log('slack: ignored a reject submission with a malformed user or metadata');
      return;
    }
    const raw = view.state.values[REASON_BLOCK_ID]?.[REASON_ACTION_ID]?.value;
    const reason =
      typeof raw === 'string' && raw.trim() !== ''
        ? bounded(raw.trim(), MAX_REASON_LENGTH)
        : undefined;
    const tell = async (text: string) => {
      if (typeof channel !== 'string' || !CHANNEL_ID.test(channel)) return;
      await slack.call('chat.postEphemeral', { channel, user, text });
    };
    await vote(target, 'reject', user, tell, reason);
  });
}
