// Starting a run for a Slack user: pinned to the commit the command resolved, checked against
// `spec.access` (the user's Slack user groups asked of Slack), with a workflow id derived from
// the command's trigger id so it can start once only.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { LoadedRunbook } from '../../cli/support/load-runbook.js';
import type { JsonValue } from '../../runbook/model.js';
import { checkStartAccess } from '../../runbook/people/access.js';
import { startRunbookRun } from '../../runs/start-run.js';
import type { SlackDeps } from './extension.js';
import { slackRunId } from './run-ids.js';
import { escapeMrkdwn } from './slack-text.js';
import { type SlackUserGroups, UserGroupLookupError } from './user-groups.js';

export interface SlackStarter {
  readonly userId: string;
  readonly channel: string;
}

/** The refusal to show the user (RB7023/RB7024/RB7025), or `undefined` when they may start. */
export async function slackStartRefusal(
  loaded: LoadedRunbook,
  starter: SlackStarter,
  groups: SlackUserGroups,
): Promise<string | undefined> {
  const wanted = loaded.definition.access?.slackUserGroups ?? [];
  let memberships: string[] = [];
  try {
    memberships = await groups.memberships(starter.userId, wanted);
  } catch (error) {
    if (!(error instanceof UserGroupLookupError)) throw error;
    return `${error.message}; nothing was started (try again, or ask an admin to check the app's usergroups:read scope) [RB7025]`;
  }
  const refusal = checkStartAccess(loaded.definition, loaded.people, `slack:${starter.userId}`, {
    slackChannel: starter.channel,
    slackUserGroups: memberships,
  });
  if (refusal === undefined) return undefined;
  const code = refusal.includes('spec.access.channels') ? 'RB7024' : 'RB7023';
  return `${refusal}; nothing was started [${code}]`;
}

/** The Web UI page of a run, when TEMPORAL_WEB_URL is set. */
export function webUiLink(deps: SlackDeps, runId: string): string | undefined {
  const base = deps.settings.webUiUrl;
  if (base === undefined) return undefined;
  const namespace = encodeURIComponent(deps.context.settings.namespace);
  return `${base}/namespaces/${namespace}/workflows/${encodeURIComponent(runId)}`;
}

/**
 * Starts the run and tells the run follower; returns the acknowledgement for the user. A second
 * start from the same trigger (a replay, another replica) starts nothing and says so.
 */
export async function startFromSlack(
  deps: SlackDeps,
  loaded: LoadedRunbook,
  params: Readonly<Record<string, JsonValue>>,
  starter: SlackStarter & { readonly triggerId: string },
): Promise<string> {
  const name = loaded.definition.name;
  const runId = slackRunId(name, starter.triggerId);
  try {
    const { commit } = await startRunbookRun(deps.context.client, {
      taskQueue: deps.context.settings.taskQueue,
      workflowId: runId,
      input: {
        definition: loaded.definition,
        params,
        source: loaded.source,
        trigger: { kind: 'slack', actor: `slack:${starter.userId}` },
        runbooks: loaded.children,
        people: loaded.people,
      },
      memo: { slack: { channel: starter.channel, user: starter.userId } },
      // A finished run must still block a second start from the same trigger: a fast runbook
      // can complete before a replica (or a late retry) sees the command.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    deps.context.log(
      `slack: ${starter.userId} started ${runId} (${name} @ ${commit.slice(0, 12)})`,
    );
    deps.notifier?.follow(runId, { channel: starter.channel });
    const link = webUiLink(deps, runId);
    return `Started *${escapeMrkdwn(name)}* @ \`${commit.slice(0, 12)}\` — run id \`${runId}\`${
      link === undefined ? '' : ` (<${link}|Web UI>)`
    }`;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      deps.context.log(`slack: ${runId} was already started; this request started nothing`);
      return `This command already started run \`${runId}\`; nothing new was started [RB7030]`;
    }
    throw error;
  }
}
