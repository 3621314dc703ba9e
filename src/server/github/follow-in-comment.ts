// Keeps the `/runbook run` comment up to date: polls the run's `progress` query with backoff and
// edits the comment in place when what it shows changed, until the run closes or the follow
// budget is spent. A GitHub failure is logged and retried at the next poll; it never touches the
// run.
import type { Client } from '@temporalio/client';
import { finalOutcome } from '../../cli/support/follow.js';
import type { GithubClient } from '../../integrations/github/octokit.js';
import { progressQuery } from '../../workflows/definitions.js';
import type { RunProgress, RunStatus } from '../../workflows/types.js';
import { type RunCommentView, renderRunComment } from './run-comment.js';

export interface FollowTiming {
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  readonly backoff: number;
  readonly maxFollowMs: number;
  readonly queryTimeoutMs: number;
}

export const FOLLOW_IN_COMMENT: FollowTiming = {
  firstDelayMs: 1_000,
  maxDelayMs: 15_000,
  backoff: 1.5,
  /** After this the comment says it stopped following (the run goes on). */
  maxFollowMs: 6 * 60 * 60 * 1000,
  queryTimeoutMs: 5_000,
};

export interface FollowInCommentOptions {
  readonly client: Client;
  readonly octokit: GithubClient;
  readonly owner: string;
  readonly repo: string;
  readonly commentId: number;
  readonly view: Omit<RunCommentView, 'progress' | 'final' | 'note'>;
  readonly log: (line: string) => void;
  readonly timing?: Partial<FollowTiming>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function followRunInComment(options: FollowInCommentOptions): Promise<void> {
  const timing = { ...FOLLOW_IN_COMMENT, ...options.timing };
  const { client, octokit, owner, repo, commentId, view, log } = options;
  const handle = client.workflow.getHandle(view.workflowId);
  const started = Date.now();
  let shown = '';
  let delay = timing.firstDelayMs;
  const edit = async (body: string) => {
    if (body === shown) return;
    try {
      await octokit.rest.issues.updateComment({ owner, repo, comment_id: commentId, body });
      shown = body;
    } catch (error) {
      log(
        `github: could not update the comment of run ${view.workflowId} (will retry): ${error instanceof Error ? error.message : String(error)} [RB8045]`,
      );
    }
  };
  let progress: RunProgress | undefined;
  for (;;) {
    let closed = false;
    try {
      closed = (await handle.describe()).status.name !== 'RUNNING';
    } catch {
      // Temporal unreachable for a moment: try again at the next poll.
    }
    if (closed) {
      const outcome = await finalOutcome(client, view.workflowId);
      const last = outcome.progress ?? progress;
      await edit(
        renderRunComment({
          ...view,
          ...(last === undefined ? {} : { progress: last }),
          final: {
            status: outcome.status as RunStatus,
            ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
          },
        }),
      );
      return;
    }
    try {
      progress = await client.withDeadline(Date.now() + timing.queryTimeoutMs, () =>
        handle.query(progressQuery),
      );
    } catch {
      // No worker answered yet: keep the last progress shown.
    }
    await edit(renderRunComment({ ...view, ...(progress === undefined ? {} : { progress }) }));
    if (Date.now() - started > timing.maxFollowMs) {
      await edit(
        renderRunComment({
          ...view,
          ...(progress === undefined ? {} : { progress }),
          note: `stopped following this run after ${Math.round(timing.maxFollowMs / 60000)} minutes; it goes on: see runbook status ${view.workflowId}`,
        }),
      );
      return;
    }
    await pause(delay);
    delay = Math.min(timing.maxDelayMs, delay * timing.backoff);
  }
}
