// A click becomes the workflow's vote: the server signs it (when it holds a vote signing key) and
// sends the `approve` / `reject` Update as `slack:<user id>`. The workflow's validator decides;
// a refused vote leaves nothing in history, and its reason comes back to show the clicker.
import type { Client } from '@temporalio/client';
import {
  parseVoteSigningKey,
  signVote,
  type VoteSigningKey,
} from '../../../runbook/votes/index.js';
import { approveUpdate, rejectUpdate } from '../../../workflows/definitions.js';
import type { ApprovalDecision } from '../../../workflows/types.js';
import type { ApprovalTarget } from './action-value.js';

/** How long a vote may wait for the run's worker before the clicker is told to try again. */
export const VOTE_DEADLINE_MS = 20_000;

export type VoteOutcome =
  | { readonly kind: 'accepted' }
  /** The workflow's validator refused it: `reason` says why (nothing entered history). */
  | { readonly kind: 'refused'; readonly reason: string }
  /** The run ended (or never existed): there is nothing to decide. */
  | { readonly kind: 'finished'; readonly status: string }
  /** Temporal or the worker did not answer in time; the vote may not have counted. */
  | { readonly kind: 'unavailable'; readonly reason: string };

export interface CastVote {
  readonly target: ApprovalTarget;
  readonly decision: 'approve' | 'reject';
  /** `slack:<user id>`. */
  readonly identity: string;
  readonly reason?: string;
  /**
   * Those of the step's Slack user groups the voter is a member of, as Slack answered; signed with
   * the vote. Absent: not looked up. Left out of an unsigned vote (it would not count).
   */
  readonly slackUserGroups?: readonly string[];
}

/** The signing key from `RUNBOOK_VOTE_SIGNING_KEY`, or `undefined` when unset (votes unsigned). */
export function voteSigningKeyFrom(env: NodeJS.ProcessEnv): VoteSigningKey | undefined {
  const setting = env.RUNBOOK_VOTE_SIGNING_KEY;
  return setting === undefined || setting.trim() === '' ? undefined : parseVoteSigningKey(setting);
}

/**
 * The decision sent to the workflow, signed over {run, step, identity, decision, at} and the
 * voter's Slack user group memberships (when looked up) with `key`.
 */
export function signedDecision(
  vote: CastVote,
  key: VoteSigningKey | undefined,
  at: number,
): ApprovalDecision {
  const base = {
    stepId: vote.target.stepKey,
    approver: vote.identity,
    ...(vote.reason === undefined ? {} : { reason: vote.reason }),
  };
  if (key === undefined) return base;
  const signature = signVote(
    {
      runId: vote.target.runId,
      stepId: vote.target.stepKey,
      identity: vote.identity,
      decision: vote.decision,
      at,
      ...(vote.slackUserGroups === undefined ? {} : { groups: vote.slackUserGroups }),
    },
    key,
  );
  return {
    ...base,
    at,
    signature,
    ...(vote.slackUserGroups === undefined ? {} : { slackUserGroups: [...vote.slackUserGroups] }),
  };
}

function refusalOf(error: unknown): string | undefined {
  if ((error as Error)?.name !== 'WorkflowUpdateFailedError') return undefined;
  const cause = (error as { cause?: { message?: string } }).cause;
  return cause?.message ?? (error as Error).message;
}

/** Sends the vote and says what became of it. Never throws for an expected outcome. */
export async function castVote(
  client: Client,
  vote: CastVote,
  key: VoteSigningKey | undefined,
  now: () => number = Date.now,
): Promise<VoteOutcome> {
  const handle = client.workflow.getHandle(vote.target.runId);
  const decision = signedDecision(vote, key, now());
  try {
    await client.withDeadline(now() + VOTE_DEADLINE_MS, () =>
      handle.executeUpdate(vote.decision === 'approve' ? approveUpdate : rejectUpdate, {
        args: [decision],
      }),
    );
    return { kind: 'accepted' };
  } catch (error) {
    const refusal = refusalOf(error);
    if (refusal !== undefined) return { kind: 'refused', reason: refusal };
    const status = await handle
      .describe()
      .then((d) => d.status.name)
      .catch((e: unknown) =>
        (e as Error)?.name === 'WorkflowNotFoundError' ? 'NOT_FOUND' : undefined,
      );
    if (status !== undefined && status !== 'RUNNING') return { kind: 'finished', status };
    return {
      kind: 'unavailable',
      reason: error instanceof Error ? error.message : String(error),
    };
  }
}
