// `pull_request` closed with `merged: true` into the default branch, from the repository itself:
// every runbook whose onMerge matches the changed files starts, pinned to the merge commit and
// bound to the plan reviewed on the pull request (docs/github.md#merges-that-start-runs).
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { planDifference } from '../../runbook/plan-difference.js';
import { startRunbookRun } from '../../runs/start-run.js';
import type { PlanBinding, RunbookRunInput } from '../../workflows/types.js';
import { GithubPayloadError } from './errors.js';
import type { GithubDeps, GithubEvent } from './events.js';
import {
  type MergeExpressionContext,
  type MergeRunPlan,
  matchMergeRuns,
  planMergeRunAt,
} from './merge-match.js';
import {
  isMergeDelivery,
  type MergedPullRequest,
  MergedPullRequestPayload,
} from './merge-payload.js';
import { pullRequestPaths } from './pull-request-files.js';

/** What a merge started, for tests and the log. */
export interface MergeOutcome {
  readonly started: { workflowId: string; runbook: string; gated: boolean }[];
  /** Why nothing (more) started, one line each. */
  readonly skipped: string[];
}

/**
 * The workflow id of the run a delivery starts for one runbook. With `REJECT_DUPLICATE` it makes
 * a redelivery (same delivery id) start nothing, even after the first run has finished.
 */
export function mergeRunId(delivery: string, runbook: string): string {
  return `merge-${delivery}-${runbook}`;
}

function bindingOf(reviewed: MergeRunPlan | string, actual: MergeRunPlan): PlanBinding {
  if (typeof reviewed === 'string') {
    return {
      reviewed: 'none',
      actual: actual.planHash,
      difference: [
        ...planDifference(undefined, actual.planInput),
        `at the head: ${reviewed}`,
      ].slice(0, 40),
    };
  }
  return {
    reviewed: reviewed.planHash,
    actual: actual.planHash,
    difference:
      reviewed.planHash === actual.planHash
        ? []
        : planDifference(reviewed.planInput, actual.planInput),
  };
}

/** Why this merge starts nothing, or `undefined` when it may start runs. */
function refusal(pr: MergedPullRequest, defaultBranch: string): string | undefined {
  const { head, base } = pr.pull_request;
  if (
    head.repo === null ||
    head.repo.full_name.toLowerCase() !== base.repo.full_name.toLowerCase()
  ) {
    return `it comes from a fork (${head.repo?.full_name ?? 'a deleted repository'}): merges from forks start nothing`;
  }
  if (base.ref !== defaultBranch) {
    return `it was merged into ${base.ref}, not the default branch ${defaultBranch}`;
  }
  return undefined;
}

export async function handleMergedPullRequest(
  event: GithubEvent,
  deps: GithubDeps,
): Promise<MergeOutcome> {
  const outcome: MergeOutcome = { started: [], skipped: [] };
  if (event.name !== 'pull_request' || !isMergeDelivery(event.payload)) return outcome;
  const parsed = MergedPullRequestPayload.safeParse(event.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GithubPayloadError(
      event.name,
      event.delivery,
      `${issue?.path.join('.') ?? '(body)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const pr = parsed.data;
  const { context, catalog } = deps;
  const log = (line: string) =>
    context.log(
      `github: merge of #${pr.pull_request.number} (delivery ${event.delivery}): ${line}`,
    );
  const defaultBranch = deps.settings.defaultBranch ?? pr.repository.default_branch ?? 'main';
  const why = refusal(pr, defaultBranch);
  if (why !== undefined) {
    log(`nothing started: ${why}`);
    outcome.skipped.push(why);
    return outcome;
  }
  const owner = pr.repository.owner.login;
  const repo = pr.repository.name;
  const octokit = await deps.octokit(owner, repo);
  const files = await pullRequestPaths(octokit, owner, repo, pr.pull_request.number);
  const actor = pr.pull_request.merged_by?.login ?? pr.sender.login;
  const github: MergeExpressionContext = {
    pr: {
      number: pr.pull_request.number,
      labels: (pr.pull_request.labels ?? []).map((l) => l.name),
    },
    actor,
  };
  const mergeSha = await catalog.resolve(pr.pull_request.merge_commit_sha);
  const match = await matchMergeRuns(catalog, mergeSha, pr.pull_request.base.ref, files, github);
  for (const problem of match.problems) {
    log(`a runbook cannot be considered at ${mergeSha.slice(0, 12)}: ${problem} [RB8040]`);
    outcome.skipped.push(problem);
  }
  // What the plan comment showed: the same plan, at the pull request's last head.
  const headSha = await catalog.resolve(pr.pull_request.head.sha).catch(() => undefined);
  for (const run of match.runs) {
    const reviewed =
      headSha === undefined
        ? `commit ${pr.pull_request.head.sha.slice(0, 12)} is not in the source repository`
        : await planMergeRunAt(catalog, run.name, headSha, github);
    const planBinding = bindingOf(reviewed, run);
    const input: RunbookRunInput = {
      definition: run.loaded.definition,
      params: run.params,
      source: run.loaded.source,
      trigger: { kind: 'merge', actor: `github:${actor}` },
      runbooks: run.loaded.children,
      people: run.loaded.people,
      planBinding,
    };
    const workflowId = mergeRunId(event.delivery, run.name);
    const gated = planBinding.reviewed !== planBinding.actual;
    try {
      await startRunbookRun(context.client, {
        taskQueue: context.settings.taskQueue,
        workflowId,
        input,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        memo: {
          github: {
            repository: `${owner}/${repo}`,
            pullRequest: pr.pull_request.number,
            delivery: event.delivery,
          },
        },
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        log(
          `${run.name}: run ${workflowId} was already started by this delivery; nothing started [RB8041]`,
        );
        outcome.skipped.push(`${run.name}: already started as ${workflowId}`);
        continue;
      }
      throw error;
    }
    log(
      `started ${workflowId} (${run.name} @ ${mergeSha.slice(0, 12)})${gated ? ` waiting at the plan-binding gate: the plan differs from the one reviewed (${planBinding.reviewed} → ${planBinding.actual})` : ''}`,
    );
    outcome.started.push({ workflowId, runbook: run.name, gated });
  }
  if (match.runs.length === 0)
    log(`no runbook's onMerge matches the ${files.length} changed files`);
  return outcome;
}

/** The registry's shape: the outcome is only logged. */
export async function onPullRequestMerged(event: GithubEvent, deps: GithubDeps): Promise<void> {
  await handleMergedPullRequest(event, deps);
}
