// Which runbooks a merge starts, with which params, and the plan hash of each: the one function
// both the pull request check (to show reviewers, at the PR's head) and the merge handler (at the
// merge commit, to compare with what was shown) call, so the two can never disagree on the rule.
import picomatch from 'picomatch';
import type { LoadedRunbook } from '../../cli/support/load-runbook.js';
import {
  type ExpressionContext,
  ExpressionError,
  renderTemplate,
} from '../../runbook/expressions.js';
import type { JsonValue } from '../../runbook/model.js';
import { resolveParams } from '../../runbook/params.js';
import { type Plan, planRunbook } from '../../runbook/plan.js';
import { planHash } from '../../runbook/plan-hash.js';
import type { RunbookCatalog } from '../../source/catalog.js';

export interface MergeRunsInput {
  readonly catalog: RunbookCatalog;
  /** The commit whose runbooks are read: the PR's head (check) or its merge commit (merge). */
  readonly sha: string;
  /** The branch the pull request merges into. */
  readonly baseBranch: string;
  /** Every path the pull request changes (both sides of a rename). */
  readonly changedPaths: readonly string[];
  readonly pr: { readonly number: number; readonly labels: readonly string[] };
  /** Who merges (at merge time) or who opened/pushed (at check time): `github.actor`. */
  readonly actor: string;
}

/** A run the merge would start. */
export interface MergeRunPlan {
  readonly ok: true;
  readonly name: string;
  /** The runbook file, relative to the repository root. */
  readonly path: string;
  readonly params: Record<string, JsonValue>;
  readonly plan: Plan;
  /** `planHash` of the definition, its children, its people and these params. */
  readonly hash: string;
  readonly loaded: LoadedRunbook;
}

/** A runbook whose onMerge trigger matches but whose run could not be planned (it would not start). */
export interface MergeRunProblem {
  readonly ok: false;
  readonly name: string;
  readonly path: string;
  /** What is wrong, e.g. `param "pr" is required: an integer [RB4001]`. */
  readonly problem: string;
}

export type MergeRun = MergeRunPlan | MergeRunProblem;

/**
 * What `run` shows to `onMerge.params` expressions: fixed, because the run does not exist yet
 * and the hash computed at the PR's head must equal the one at the merge commit.
 */
const MERGE_RUN_PLACEHOLDER = { id: '(merge)', commit: '(merge)' };

/** Whether `onMerge` of a runbook matches a merge of `changedPaths` into `baseBranch`. */
export function onMergeMatches(
  onMerge: { readonly branches: readonly string[]; readonly paths: readonly string[] },
  baseBranch: string,
  changedPaths: readonly string[],
): boolean {
  if (onMerge.branches.length === 0 || !picomatch([...onMerge.branches])(baseBranch)) return false;
  // No `paths`: any change merged into the branch.
  if (onMerge.paths.length === 0) return true;
  const isMatch = picomatch([...onMerge.paths], { dot: true });
  return changedPaths.some((path) => isMatch(path));
}

/** `onMerge.params` rendered with `github.*`, as the raw strings resolveParams takes. */
function renderParams(
  values: Readonly<Record<string, JsonValue>>,
  ctx: ExpressionContext,
): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    const rendered = renderTemplate(value, ctx);
    Object.defineProperty(raw, name, {
      value: typeof rendered === 'string' ? rendered : JSON.stringify(rendered),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return raw;
}

function planOne(
  loaded: LoadedRunbook,
  path: string,
  input: MergeRunsInput,
  params: Readonly<Record<string, JsonValue>>,
): MergeRun {
  const { definition, children, people } = loaded;
  const ctx: ExpressionContext = {
    params: {},
    steps: {},
    run: { ...MERGE_RUN_PLACEHOLDER, triggeredBy: input.actor },
    github: {
      pr: { number: input.pr.number, labels: [...input.pr.labels] },
      actor: input.actor,
    },
  };
  try {
    const resolved = resolveParams(definition, renderParams(params, ctx));
    if (!resolved.ok) {
      return {
        ok: false,
        name: definition.name,
        path,
        problem: resolved.errors.map((e) => `${e.message} [${e.code}]`).join('; '),
      };
    }
    const plan = planRunbook(definition, resolved.params);
    const hash = planHash({ definition, children, people, params: resolved.params });
    return { ok: true, name: definition.name, path, params: resolved.params, plan, hash, loaded };
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    return { ok: false, name: definition.name, path, problem: `${error.message} [${error.code}]` };
  }
}

/**
 * Every runbook at `input.sha` whose `spec.triggers.github.onMerge` matches (its `branches` globs
 * the base branch, its `paths` globs any changed path), with its params from `onMerge.params`
 * (expressions read `github.pr.number`, `github.pr.labels`, `github.actor`), its plan and plan
 * hash. Sorted by runbook name. Invalid runbooks are not listed: they start nothing.
 */
export async function planMergeRuns(input: MergeRunsInput): Promise<MergeRun[]> {
  const out: MergeRun[] = [];
  for (const entry of await input.catalog.list(input.sha)) {
    let loaded: LoadedRunbook;
    try {
      loaded = await input.catalog.load(entry.name, input.sha);
    } catch {
      continue; // its children or people.yaml are invalid: the check reports it; it cannot start
    }
    const onMerge = loaded.definition.triggers?.github?.onMerge;
    if (onMerge === undefined) continue;
    if (!onMergeMatches(onMerge, input.baseBranch, input.changedPaths)) continue;
    out.push(planOne(loaded, entry.path, input, onMerge.params));
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
