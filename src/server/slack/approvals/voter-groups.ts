// Which of an approval step's Slack user groups the clicker is a member of, asked of Slack
// (`usergroups.users.list`, through the cached resolver) and never taken from the click. The step's
// groups come from the run's progress (`approval.approvers.slackUserGroups`); the memberships found
// go into the signed vote, so the workflow, which cannot call Slack, can count them.
import type { Client } from '@temporalio/client';
import { progressQuery } from '../../../workflows/definitions.js';
import type { SlackUserGroups } from '../user-groups.js';
import type { ApprovalTarget } from './action-value.js';

/** How long to wait for the run's progress before voting without memberships. */
export const GROUPS_QUERY_DEADLINE_MS = 10_000;

/** Memberships to sign, or why they could not be read (the vote is then cast without them). */
export type VoterGroups =
  | { readonly groups: readonly string[]; readonly problem?: undefined }
  | { readonly groups?: undefined; readonly problem: string }
  /** The step names no Slack user groups (or the run could not be read): nothing to look up. */
  | { readonly groups?: undefined; readonly problem?: undefined };

/** The `slackUserGroups` of the step `target.stepKey` in the run's progress; [] when none. */
async function stepGroups(client: Client, target: ApprovalTarget): Promise<readonly string[]> {
  const handle = client.workflow.getHandle(target.runId);
  const progress = await client.withDeadline(Date.now() + GROUPS_QUERY_DEADLINE_MS, () =>
    handle.query(progressQuery),
  );
  const step = progress.steps.find((s) => s.key === target.stepKey);
  return step?.approval?.approvers.slackUserGroups ?? [];
}

/**
 * Those of the step's Slack user groups `userId` is a member of. A run that cannot be queried
 * (ended, no worker) yields no lookup: the vote then says why it cannot count.
 */
export async function voterGroups(
  client: Client,
  resolver: SlackUserGroups,
  target: ApprovalTarget,
  userId: string,
): Promise<VoterGroups> {
  let groups: readonly string[];
  try {
    groups = await stepGroups(client, target);
  } catch {
    return {};
  }
  if (groups.length === 0) return {};
  try {
    return { groups: await resolver.memberships(userId, groups) };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}
