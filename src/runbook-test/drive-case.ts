/**
 * Runs one case on a test rig: starts the real interpreter with the case's params, then moves
 * virtual time itself so that each approval is decided exactly `after` its step starts waiting:
 *
 * - while a workflow task or an activity is in flight, it waits (real time; the server's clock
 *   is held, so nothing times out that would not in production);
 * - when the run is idle, it skips straight to the next timer (a `sleep`, a timeout, an
 *   escalation) or to the next vote, whichever is first;
 * - while an activity waits for its next attempt, it skips in steps of at most one second;
 * - once no vote is left to send, it lets the server skip freely to the end.
 *
 * Votes are sent as the people named (their first identity in people.yaml) through the same
 * `approve`/`reject` Updates the CLI uses, so the workflow's identity checks apply.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { type WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import type { JsonValue, RunbookDefinition } from '../runbook/model.js';
import type { PeopleDirectory } from '../runbook/people/model.js';
import { approveUpdate, progressQuery, rejectUpdate } from '../workflows/definitions.js';
import { runbookWorkflow } from '../workflows/runbook-workflow.js';
import {
  FINAL_RUN_STATUSES,
  type RunbookRunResult,
  type RunProgress,
  type StepProgress,
} from '../workflows/types.js';
import {
  type CaseDeadline,
  CaseStuckError,
  caseDeadline,
  caseStuck,
  TIMED_OUT,
  waitingSteps,
  within,
} from './case-deadline.js';
import type { RecordedCall } from './mock-activities.js';
import type { ApprovalPlan, TestCase } from './model.js';
import { runActivity } from './run-activity.js';
import type { TestRig } from './test-rig.js';

/** Who starts test runs: not a person of people.yaml, so self-approval rules never bite. */
export const TEST_ACTOR = 'cli:runbook-test';

/** How long to wait for in-flight work before looking again (real time). */
const POLL_MS = 15;

/** Longest virtual step while an activity waits between attempts. */
const BACKOFF_STEP_MS = 1000;

export interface DriveInput {
  readonly rig: TestRig;
  readonly workflowId: string;
  readonly definition: RunbookDefinition;
  readonly children: Readonly<Record<string, RunbookDefinition>>;
  readonly people: PeopleDirectory;
  readonly params: Readonly<Record<string, JsonValue>>;
  /** The runbook's folder: where `real: true` steps run. */
  readonly dir: string;
  readonly path: string;
  readonly testCase: TestCase;
  /** Real time the case may take (default CASE_WALL_LIMIT_MS, case-deadline.ts). */
  readonly wallLimitMs?: number;
}

export interface DriveOutcome {
  readonly result: RunbookRunResult;
  readonly calls: readonly RecordedCall[];
  /** Votes the workflow refused (an approver not allowed, a step not waiting …). */
  readonly refusedVotes: readonly string[];
  /** Virtual time the run took. */
  readonly virtualMs: number;
}

export async function driveCase(input: DriveInput): Promise<DriveOutcome> {
  const { rig, testCase } = input;
  const calls = rig.book.register(input.workflowId, testCase.steps);
  // Every client call of the case runs under this signal: a case given up as stuck leaves its
  // result long-poll and progress query pending, and they must not outlive it (they would retry
  // on the rig's closed connection).
  const pending = new AbortController();
  try {
    const { result, refusedVotes, virtualMs } = await rig.env.client.withAbortSignal(
      pending.signal,
      () => driveRun(input),
    );
    return { result, calls: [...calls], refusedVotes, virtualMs };
  } finally {
    pending.abort();
    rig.book.forget(input.workflowId);
  }
}

async function driveRun(input: DriveInput): Promise<Omit<DriveOutcome, 'calls'>> {
  const { rig } = input;
  const deadline = caseDeadline(input.wallLimitMs);
  const handle = await rig.env.client.workflow.start(runbookWorkflow, {
    taskQueue: rig.taskQueue,
    workflowId: input.workflowId,
    args: [
      {
        definition: input.definition,
        params: input.params,
        source: {
          repo: input.dir,
          commit: null,
          path: input.path,
          contentHash: 'runbook-test',
          dir: input.dir,
        },
        trigger: { kind: 'cli', actor: TEST_ACTOR },
        runbooks: input.children,
        people: input.people,
      },
    ],
  });
  const startedAt = await rig.env.currentTimeMs();
  const refusedVotes = await decideApprovals(input, handle, deadline);
  const result = await outcomeOf(handle, deadline);
  const virtualMs = Math.max(0, (result.progress.finishedAt ?? startedAt) - startedAt);
  return { result, refusedVotes, virtualMs };
}

/** The run's result, whether it succeeded or not (a failed run carries it as failure details). */
async function outcomeOf(
  handle: WorkflowHandle<typeof runbookWorkflow>,
  deadline: CaseDeadline,
): Promise<RunbookRunResult> {
  try {
    const result = await within(handle.result(), deadline.at - Date.now());
    if (result === TIMED_OUT) throw await caseStuck(handle, deadline);
    return result;
  } catch (error) {
    if (error instanceof CaseStuckError) throw error;
    const details = (error as { cause?: { details?: unknown[] } }).cause?.details;
    const result = details?.[0] as RunbookRunResult | undefined;
    if (result?.progress !== undefined) return result;
    // The workflow failed in a way the interpreter did not report: show what it got to.
    const progress = await handle.query(progressQuery);
    return { status: progress.status, outputs: {}, progress, reason: String(error) };
  }
}

interface PendingVote {
  readonly plan: ApprovalPlan;
  sent: boolean;
}

async function decideApprovals(
  input: DriveInput,
  handle: WorkflowHandle<typeof runbookWorkflow>,
  deadline: CaseDeadline,
): Promise<string[]> {
  const { rig } = input;
  const votes: PendingVote[] = input.testCase.approvals
    .filter((plan) => plan.decision !== 'timeout')
    .map((plan) => ({ plan, sent: false }));
  const refused: string[] = [];
  while (votes.some((v) => !v.sent)) {
    if (Date.now() > deadline.at) throw await caseStuck(handle, deadline);
    // History first, progress second: when the history shows nothing in flight, nothing can
    // change before the query (the server's clock is held), so the progress read next is the
    // state that history describes. Read the other way round, a workflow task finishing between
    // the two reads could start an approval's timeout timer unseen by the progress, and the skip
    // to that timer would time the approval out before its vote.
    // The history and the description are two reads: an activity finishing between them can
    // look like nothing in flight. A second snapshot equal to the first means nothing moved.
    const activity = await runActivity(handle);
    if (activity.busy || (await runActivity(handle)).fingerprint !== activity.fingerprint) {
      await delay(POLL_MS);
      continue;
    }
    const progress = await handle.query(progressQuery);
    if (FINAL_RUN_STATUSES.includes(progress.status)) break;
    const now = await rig.env.currentTimeMs();
    const due = dueVotes(votes, progress);
    const ready = due.filter((d) => d.at <= now);
    if (ready.length > 0) {
      for (const d of ready) {
        d.vote.sent = true;
        const problem = await sendVote(handle, input.people, d.vote.plan, d.step);
        if (problem !== undefined) refused.push(problem);
      }
      continue;
    }
    const nextVoteAt = due.length === 0 ? undefined : Math.min(...due.map((d) => d.at));
    const targets = [nextVoteAt, activity.nextTimerAt].filter((t): t is number => t !== undefined);
    if (activity.backingOff || activity.child) {
      targets.push(now + BACKOFF_STEP_MS);
    }
    if (targets.length === 0) {
      // Idle with nothing scheduled: a signal is on its way (the concurrency lock's answer).
      await delay(POLL_MS);
      continue;
    }
    await rig.env.sleep(Math.max(1, Math.min(...targets) - now));
  }
  for (const vote of votes) {
    if (vote.sent) continue;
    refused.push(
      `${vote.plan.people.join(', ')} never got to ${vote.plan.decision} step "${vote.plan.step}": the run never waited there`,
    );
  }
  return refused;
}

/** Votes whose step is waiting now, with when each is due (`waitingSince + after`). */
function dueVotes(
  votes: PendingVote[],
  progress: RunProgress,
): { vote: PendingVote; step: StepProgress; at: number }[] {
  const out: { vote: PendingVote; step: StepProgress; at: number }[] = [];
  for (const step of waitingSteps(progress)) {
    for (const vote of votes) {
      if (vote.sent || vote.plan.step !== step.id) continue;
      out.push({ vote, step, at: (step.approval?.waitingSince ?? 0) + vote.plan.afterMs });
    }
  }
  return out;
}

/** `cli:<id>` (or the person's first identity on another channel) of a people.yaml person. */
export function identityOf(people: PeopleDirectory, person: string): string {
  const entry = people.people[person];
  const id = entry?.cli[0];
  if (id !== undefined) return `cli:${id}`;
  const slack = entry?.slack[0];
  if (slack !== undefined) return `slack:${slack}`;
  const github = entry?.github[0];
  if (github !== undefined) return `github:${github}`;
  return `cli:${person}`;
}

async function sendVote(
  handle: WorkflowHandle<typeof runbookWorkflow>,
  people: PeopleDirectory,
  plan: ApprovalPlan,
  step: StepProgress,
): Promise<string | undefined> {
  const problems: string[] = [];
  for (const person of plan.people) {
    const decision = {
      stepId: step.key,
      approver: identityOf(people, person),
      reason: 'runbook test',
    };
    try {
      await handle.executeUpdate(plan.decision === 'reject' ? rejectUpdate : approveUpdate, {
        args: [decision],
      });
    } catch (error) {
      if (!(error instanceof WorkflowUpdateFailedError)) throw error;
      const cause = error.cause instanceof Error ? error.cause.message : String(error.cause);
      problems.push(`${person}'s ${plan.decision} of step "${step.key}" was refused: ${cause}`);
    }
  }
  return problems.length === 0 ? undefined : problems.join('; ');
}
