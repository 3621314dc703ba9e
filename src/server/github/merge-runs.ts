// `pull_request` closed with `merged: true` into the default branch, from the repository itself:
// every runbook whose onMerge matches the changed files starts, pinned to the merge commit and
// bound to the plan reviewed on the pull request (docs/github.md#merges-that-start-runs).
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { planDifference } from '../../runbook/plan-difference.js';
import { startRunbookRun } from '../../runs/start-run.js';
import type { PlanBinding, RunbookRunInput } from '../../workflows/types.js';
import { changedPaths, listChangedFiles } from './changed-files.js';
import { parseGithubPayload } from './errors.js';
import type { GithubDeps, GithubEvent } from './events.js';
import {
  isMergeDelivery,
  type MergedPullRequest,
  MergedPullRequestPayload,
} from './merge-payload.js';
import { type MergeRun, type MergeRunPlan, planMergeRuns } from './on-merge-plan.js';

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

/** What the plan hash covers, for the difference shown at the gate. */
function hashInput(run: MergeRunPlan) {
  const { definition, children, people } = run.loaded;
  return { definition, children, people, params: run.params };
}

function bindingOf(reviewed: MergeRunPlan | string, actual: MergeRunPlan): PlanBinding {
  if (typeof reviewed === 'string') {
    return {
      reviewed: 'none',
      actual: actual.hash,
      difference: [
        ...planDifference(undefined, hashInput(actual)),
        `at the head: ${reviewed}`,
      ].slice(0, 40),
    };
  }
  return {
    reviewed: reviewed.hash,
    actual: actual.hash,
    difference:
      reviewed.hash === actual.hash ? [] : planDifference(hashInput(reviewed), hashInput(actual)),
  };
}

/** The run the pull request's comment showed for `name` at its head, or why there was none. */
function reviewedRun(atHead: readonly MergeRun[] | string, name: string): MergeRunPlan | string {
  if (typeof atHead === 'string') return atHead;
  const shown = atHead.find((run) => run.name === name);
  if (shown === undefined) return `${name} would not start for this pull request at its head`;
  return shown.ok ? shown : shown.problem;
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
  const pr = parseGithubPayload(MergedPullRequestPayload, event);
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
  const files = changedPaths(await listChangedFiles(octokit, owner, repo, pr.pull_request.number));
  const actor = pr.pull_request.merged_by?.login ?? pr.sender.login;
  // The same rule and hash the pull request's plan comment used (on-merge-plan.ts).
  const merge = {
    catalog,
    baseBranch: pr.pull_request.base.ref,
    changedPaths: files,
    pr: {
      number: pr.pull_request.number,
      labels: (pr.pull_request.labels ?? []).map((l) => l.name),
    },
    actor,
  };
  const mergeSha = await catalog.resolve(pr.pull_request.merge_commit_sha);
  const atMerge = await planMergeRuns({ ...merge, sha: mergeSha });
  const runs = atMerge.filter((run): run is MergeRunPlan => run.ok);
  for (const problem of atMerge.filter((run) => !run.ok)) {
    const line = `${problem.name} (${problem.path}): ${problem.problem}`;
    log(`a runbook cannot be started at ${mergeSha.slice(0, 12)}: ${line} [RB8040]`);
    outcome.skipped.push(line);
  }
  // What the plan comment showed: the same plan, at the pull request's last head.
  const headSha = await catalog.resolve(pr.pull_request.head.sha).catch(() => undefined);
  const atHead =
    headSha === undefined
      ? `commit ${pr.pull_request.head.sha.slice(0, 12)} is not in the source repository`
      : await planMergeRuns({ ...merge, sha: headSha });
  for (const run of runs) {
    const reviewed = reviewedRun(atHead, run.name);
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
  if (runs.length === 0) log(`no runbook's onMerge matches the ${files.length} changed files`);
  return outcome;
}

/** The registry's shape: the outcome is only logged. */
export async function onPullRequestMerged(event: GithubEvent, deps: GithubDeps): Promise<void> {
  await handleMergedPullRequest(event, deps);
}
