// `escalateAfter`: when an approval step has waited longer than `after`, the approval is posted
// again to `channel` and/or `mention` is mentioned. The workflow only carries the setting (it
// cannot call Slack); the follower checks it at each read of the run's progress. Pure.
import type { PeopleDirectory } from '../../../runbook/people/model.js';
import type { StepProgress } from '../../../workflows/types.js';
import { shown } from '../notifier/mrkdwn.js';

/** Whether `step` has waited past its `escalateAfter.after` at `now` (epoch ms). */
export function escalationDue(step: StepProgress, now: number): boolean {
  const approval = step.approval;
  if (step.status !== 'WaitingApproval' || approval?.escalateAfterMs === undefined) return false;
  return now >= approval.waitingSince + approval.escalateAfterMs;
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;

/**
 * How `mention` is written in Slack: a user group id `S0123` as `<!subteam^S0123>`, a people.yaml
 * group as a mention of each member's Slack id, a `@handle` as text (Slack needs the id to notify).
 */
export function mentionText(mention: string, people: PeopleDirectory | undefined): string {
  if (/^S[A-Z0-9]{2,20}$/.test(mention)) return `<!subteam^${mention}>`;
  if (mention.startsWith('@')) return shown(mention, 80);
  const members = people?.groups[mention] ?? [];
  const ids = members.flatMap((person) =>
    (people?.people[person]?.slack ?? []).filter((id) => SLACK_USER_ID.test(id)),
  );
  if (ids.length === 0) return `group *${shown(mention, 80)}*`;
  return ids.map((id) => `<@${id}>`).join(' ');
}

/** The line heading an escalated approval. */
export function escalationText(step: StepProgress, people: PeopleDirectory | undefined): string {
  const approval = step.approval;
  const minutes = Math.round((approval?.escalateAfterMs ?? 0) / 60_000);
  const who =
    approval?.escalateMention === undefined
      ? ''
      : `${mentionText(approval.escalateMention, people)} `;
  const waited =
    minutes >= 1 ? `${minutes} min` : `${Math.round((approval?.escalateAfterMs ?? 0) / 1000)} s`;
  return `:rotating_light: ${who}this approval has waited over ${waited} (escalateAfter)`;
}
