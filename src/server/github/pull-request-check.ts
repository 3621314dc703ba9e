// The pull request check: for `pull_request` opened / synchronize / reopened that touches
// `runbooks/**` or a people.yaml, validate and plan at the head commit, then report it as the
// `runbook-runner / plan` check run (annotations at the exact lines) and one sticky comment.
// It only reads and reports: nothing is ever started from here, for a fork or not.
import { basename } from 'node:path';
import type { SourceTree } from '../../cli/support/source-tree.js';
import { escapeControl } from '../../runbook/bounded-text.js';
import type { Diagnostic } from '../../runbook/diagnostics.js';
import { ExpressionError } from '../../runbook/expressions.js';
import { describeParam, resolveParams } from '../../runbook/params.js';
import { parseRunbook } from '../../runbook/parse.js';
import { planRunbook } from '../../runbook/plan.js';
import { planHash } from '../../runbook/plan-hash.js';
import {
  changedPaths,
  isPeoplePath,
  isRunbookPath,
  listChangedFiles,
  touchesRunbooks,
} from './changed-files.js';
import { type CheckResult, completePlanCheckRun, openPlanCheckRun } from './check-run.js';
import type { GithubDeps, GithubEventHandler } from './events.js';
import { type MergeRun, planMergeRuns } from './on-merge-plan.js';
import { type ChangedRunbook, PLAN_COMMENT_MARKER, renderPlanComment } from './plan-comment.js';
import { isFromFork, parsePullRequestEvent } from './pull-request-payload.js';
import { upsertStickyComment } from './sticky-comment.js';
import { validateAtCommit } from './validate-at-commit.js';

const CHECKED_ACTIONS = new Set(['opened', 'synchronize', 'reopened']);

function message(error: unknown): string {
  return escapeControl(error instanceof Error ? error.message : String(error)).slice(0, 2_000);
}

/** The commit's files, through the catalog (which fetches the commit first). */
async function filesAt(deps: GithubDeps, sha: string): Promise<SourceTree> {
  if (deps.catalog.files === undefined) {
    throw new Error(
      'the source repository catalog cannot read files by commit: this is a bug (RunbookCatalog.files is missing)',
    );
  }
  return deps.catalog.files(sha);
}

/** Plans one changed runbook file at `sha` with its default params. */
async function planChanged(
  deps: GithubDeps,
  tree: SourceTree,
  sha: string,
  path: string,
  errorsIn: ReadonlySet<string>,
): Promise<ChangedRunbook> {
  const text = await tree.read(path);
  if (text === undefined) return { kind: 'removed', path };
  const parsed = parseRunbook(text, path);
  if (!parsed.ok || errorsIn.has(path)) {
    return { kind: 'invalid', path, problem: 'it has errors (see the check run annotations).' };
  }
  try {
    const { definition, children, people } = await deps.catalog.load(parsed.runbook.name, sha);
    if (definition.file !== path && !path.endsWith(definition.file)) {
      // Another file claims the same name (reported by validation as RB2011).
      return {
        kind: 'invalid',
        path,
        problem: `another runbook is also named "${definition.name}".`,
      };
    }
    const resolved = resolveParams(definition, {});
    if (!resolved.ok) {
      const needs = Object.entries(definition.params)
        .filter(([, spec]) => spec.default === undefined)
        .map(([name, spec]) => `${name} (${describeParam(spec)})`);
      return { kind: 'needs-params', path, name: definition.name, needs };
    }
    const plan = planRunbook(definition, resolved.params);
    const hash = planHash({ definition, children, people, params: resolved.params });
    return { kind: 'planned', path, plan, hash };
  } catch (error) {
    if (error instanceof ExpressionError) {
      return { kind: 'invalid', path, problem: `${message(error)} [${error.code}]` };
    }
    return { kind: 'invalid', path, problem: message(error) };
  }
}

function checkResult(
  diagnostics: readonly Diagnostic[],
  runbooks: readonly ChangedRunbook[],
  mergeRuns: readonly MergeRun[],
  comment: string,
): CheckResult {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const broken =
    runbooks.filter((r) => r.kind === 'invalid').length + mergeRuns.filter((r) => !r.ok).length;
  const failed = errors > 0 || broken > 0;
  return {
    conclusion: failed ? 'failure' : 'success',
    title: failed
      ? `${errors + broken} problem(s)`
      : `${runbooks.length} changed runbook file(s) valid and planned`,
    summary: failed
      ? 'Validation or planning found problems: each validation problem is annotated at its file, line and column; the plan comment says why a runbook or a merge run could not be planned.'
      : 'Every changed runbook is valid. The plans and plan hashes are in the pull request comment.',
    text: comment.slice(PLAN_COMMENT_MARKER.length),
    diagnostics,
  };
}

/** The commit fetched into the catalog and its files. */
async function headTree(deps: GithubDeps, sha: string): Promise<SourceTree> {
  const resolved = await deps.catalog.resolve(sha);
  if (resolved !== sha) throw new Error(`the source repository resolved ${sha} to ${resolved}`);
  return filesAt(deps, sha);
}

export const pullRequestCheckHandler: GithubEventHandler = async (event, deps) => {
  if (event.name !== 'pull_request') return;
  if (typeof event.payload?.action !== 'string' || !CHECKED_ACTIONS.has(event.payload.action))
    return;
  const payload = parsePullRequestEvent(event);
  const { owner, name: repo } = deps.settings.repository;
  const pr = payload.pull_request;
  const sha = pr.head.sha;
  const fork = isFromFork(pr);
  const octokit = await deps.octokit(owner, repo);
  const files = await listChangedFiles(octokit, owner, repo, pr.number);
  const changed = files.filter(touchesRunbooks);
  const planMerge = () =>
    fork
      ? Promise.resolve([])
      : planMergeRuns({
          catalog: deps.catalog,
          sha,
          baseBranch: pr.base.ref,
          changedPaths: changedPaths(files),
          pr: { number: pr.number, labels: pr.labels.map((l) => l.name) },
          actor: payload.sender.login,
        });

  // A pull request that changes no runbook is still checked when its merge would start one:
  // that run is bound to the plan this comment shows.
  let mergeRuns: MergeRun[] | undefined;
  if (changed.length === 0) {
    if (fork) return;
    await headTree(deps, sha);
    mergeRuns = await planMerge();
    if (mergeRuns.length === 0) return;
  }

  const target = { octokit, owner, repo, sha };
  const run = await openPlanCheckRun(target);
  let tree: SourceTree;
  try {
    tree = await headTree(deps, sha);
  } catch (error) {
    await completePlanCheckRun(target, run, {
      conclusion: 'failure',
      title: 'Could not read the head commit',
      summary: `runbook-runner could not fetch ${sha.slice(0, 12)} from the source repository: ${message(error)} [RB8026]`,
      diagnostics: [],
    });
    throw error;
  }

  const changedPeople = changed
    .filter((f) => f.status !== 'removed' && isPeoplePath(f.path))
    .map((f) => f.path);
  const validation = await validateAtCommit(tree, changedPeople);
  const governed = (path: string) =>
    changedPeople.some((people) => path.startsWith(people.slice(0, -basename(people).length)));
  const changedSet = new Set(changed.map((f) => f.path));
  const relevant = validation.diagnostics.filter((d) => changedSet.has(d.file) || governed(d.file));
  const errorsIn = new Set(relevant.filter((d) => d.severity === 'error').map((d) => d.file));

  const runbooks: ChangedRunbook[] = [];
  for (const file of changed) {
    const before = file.previousPath;
    if (file.status === 'renamed' && before !== undefined && isRunbookPath(before)) {
      if (!isRunbookPath(file.path)) runbooks.push({ kind: 'removed', path: before });
    }
    if (isPeoplePath(file.path)) {
      runbooks.push(
        file.status === 'removed'
          ? { kind: 'removed', path: file.path }
          : { kind: 'people', path: file.path },
      );
    } else if (isRunbookPath(file.path)) {
      runbooks.push(
        file.status === 'removed'
          ? { kind: 'removed', path: file.path }
          : await planChanged(deps, tree, sha, file.path, errorsIn),
      );
    }
  }

  mergeRuns ??= await planMerge();
  const comment = renderPlanComment({
    sha,
    baseBranch: pr.base.ref,
    errors: relevant.filter((d) => d.severity === 'error').length,
    runbooks,
    mergeRuns,
    fork,
  });
  if (!run.completed) {
    await completePlanCheckRun(target, run, checkResult(relevant, runbooks, mergeRuns, comment));
  }
  await upsertStickyComment(
    { octokit, owner, repo, issue: pr.number, marker: PLAN_COMMENT_MARKER },
    comment,
  );
};
