// The answers of `/runbook help`, `/runbook list` and `/runbook status <run>`.
import type { Client } from '@temporalio/client';
import { finalOutcome } from '../../cli/support/follow.js';
import { renderHeader, renderStepLines } from '../../cli/support/render-progress.js';
import type { RunbookCatalog } from '../../source/catalog.js';
import { progressQuery } from '../../workflows/definitions.js';
import type { RunProgress } from '../../workflows/types.js';
import { codeBlock, escapeMrkdwn } from './slack-text.js';
import { slackStartRefusal } from './start-from-slack.js';
import type { SlackUserGroups } from './user-groups.js';

/** A list answer stays readable and inside one message. */
const MAX_LISTED = 50;
const STATUS_QUERY_TIMEOUT_MS = 5_000;

export const HELP_TEXT = [
  '*/runbook* starts and follows runbooks from the repository this server reads.',
  '• `/runbook run <name> key=value…` — start a run; quote values with spaces: `key="a b"`. Missing or invalid params open a form.',
  '• `/runbook list` — the runbooks you may start here',
  '• `/runbook status <run-id>` — the steps of a run',
  '• `/runbook help` — this text',
].join('\n');

export async function listReply(
  catalog: RunbookCatalog,
  starter: { userId: string; channel: string },
  groups: SlackUserGroups,
): Promise<string> {
  const sha = await catalog.resolve();
  const entries = await catalog.list(sha);
  const lines: string[] = [];
  for (const entry of entries.slice(0, MAX_LISTED)) {
    const loaded = await catalog.load(entry.name, sha).catch(() => undefined);
    if (loaded === undefined) continue;
    if ((await slackStartRefusal(loaded, starter, groups)) !== undefined) continue;
    const description = entry.description ?? loaded.definition.description;
    lines.push(
      `• *${escapeMrkdwn(entry.name)}*${description === undefined ? '' : ` — ${escapeMrkdwn(description)}`}`,
    );
  }
  const more =
    entries.length > MAX_LISTED
      ? `\n(only the first ${MAX_LISTED} of ${entries.length} were checked)`
      : '';
  return lines.length === 0
    ? `No runbook at \`${sha.slice(0, 12)}\` that you may start from this channel.${more}`
    : `Runbooks you may start (at \`${sha.slice(0, 12)}\`):\n${lines.join('\n')}${more}`;
}

export async function statusReply(client: Client, runId: string): Promise<string> {
  const handle = client.workflow.getHandle(runId);
  let running: boolean;
  try {
    running = (await handle.describe()).status.name === 'RUNNING';
  } catch (error) {
    if ((error as { name?: string }).name === 'WorkflowNotFoundError') {
      return `No run with id \`${escapeMrkdwn(runId)}\` [RB7031]`;
    }
    throw error;
  }
  let progress: RunProgress | undefined;
  try {
    progress = await client.withDeadline(Date.now() + STATUS_QUERY_TIMEOUT_MS, () =>
      handle.query(progressQuery),
    );
  } catch {
    if (!running) progress = (await finalOutcome(client, runId)).progress;
  }
  if (progress === undefined) {
    return `Run \`${escapeMrkdwn(runId)}\` is running, but no worker answered for its steps; check that a worker polls its task queue.`;
  }
  const text = [renderHeader(runId, progress), ...renderStepLines(progress, false)].join('\n');
  return `${codeBlock(text)}${progress.reason ? `\nreason: ${escapeMrkdwn(progress.reason)}` : ''}`;
}
