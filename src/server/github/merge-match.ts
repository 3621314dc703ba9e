// Which runbooks a merged pull request starts (their `triggers.github.onMerge` branches and paths
// match), with params resolved from `onMerge.params` and the plan hash, at one commit. The merge
// handler calls it twice: at the merge commit (what will run) and at the pull request's last head
// (what reviewers saw), and binds the run to both.
import picomatch from 'picomatch';
import type { LoadedRunbook } from '../../cli/support/load-runbook.js';
import { shown } from '../../runbook/bounded-text.js';
import { type ExpressionContext, renderTemplate } from '../../runbook/expressions.js';
import type { JsonValue, RunbookDefinition } from '../../runbook/model.js';
import { resolveParams } from '../../runbook/params.js';
import { type PlanHashInput, planHash } from '../../runbook/plan-hash.js';
import type { RunbookCatalog } from '../../source/catalog.js';

/** What `github` holds in `onMerge.params` expressions. */
export interface MergeExpressionContext {
  readonly pr: { readonly number: number; readonly labels: readonly string[] };
  /** The login of who merged. */
  readonly actor: string;
}

export interface MergeRunPlan {
  readonly name: string;
  readonly loaded: LoadedRunbook;
  readonly params: Record<string, JsonValue>;
  readonly planInput: PlanHashInput;
  readonly planHash: string;
}

export interface MergeMatch {
  readonly runs: MergeRunPlan[];
  /** Runbooks that match but cannot start (invalid, params that do not resolve): one line each. */
  readonly problems: string[];
}

/** Whether `definition`'s onMerge trigger fires for a merge into `branch` changing `files`. */
export function onMergeMatches(
  definition: RunbookDefinition,
  branch: string,
  files: readonly string[],
): boolean {
  const onMerge = definition.triggers?.github?.onMerge;
  if (onMerge === undefined) return false;
  if (!picomatch.isMatch(branch, [...onMerge.branches])) return false;
  // No `paths`: every merge into a listed branch.
  if (onMerge.paths.length === 0) return true;
  const matches = picomatch([...onMerge.paths], { dot: true });
  return files.some((file) => matches(file));
}

function asParamText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * `onMerge.params` rendered with `github.*` (and nothing of a run: there is none yet), then
 * resolved like any run request's params (typed, defaults, limits).
 */
export function resolveMergeParams(
  definition: RunbookDefinition,
  github: MergeExpressionContext,
  sha: string,
): { ok: true; params: Record<string, JsonValue> } | { ok: false; message: string } {
  const template = definition.triggers?.github?.onMerge?.params ?? {};
  const ctx: ExpressionContext = {
    params: {},
    steps: {},
    run: { id: '', commit: sha, triggeredBy: `github:${github.actor}` },
    github: {
      pr: { number: github.pr.number, labels: [...github.pr.labels] },
      actor: github.actor,
    },
  };
  let rendered: JsonValue;
  try {
    rendered = renderTemplate(template, ctx);
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const raw: Record<string, string> = {};
  if (typeof rendered === 'object' && rendered !== null && !Array.isArray(rendered)) {
    for (const [key, value] of Object.entries(rendered)) raw[key] = asParamText(value);
  }
  const resolved = resolveParams(definition, raw);
  return resolved.ok
    ? resolved
    : { ok: false, message: resolved.errors.map((e) => `${e.message} [${e.code}]`).join('; ') };
}

function errorText(error: unknown): string {
  return shown(error instanceof Error ? error.message : String(error), 2000);
}

/** The run a loaded runbook would be at `sha`: its onMerge params and plan hash, or why not. */
export function planLoadedMergeRun(
  loaded: LoadedRunbook,
  sha: string,
  github: MergeExpressionContext,
): MergeRunPlan | string {
  const { definition } = loaded;
  const params = resolveMergeParams(definition, github, sha);
  if (!params.ok) return `onMerge.params: ${shown(params.message, 2000)}`;
  const planInput: PlanHashInput = {
    definition,
    children: loaded.children,
    people: loaded.people,
    params: params.params,
  };
  return {
    name: definition.name,
    loaded,
    params: params.params,
    planInput,
    planHash: planHash(planInput),
  };
}

/** The plan of `name` at `sha` with its onMerge params, or why there is none. */
export async function planMergeRunAt(
  catalog: RunbookCatalog,
  name: string,
  sha: string,
  github: MergeExpressionContext,
): Promise<MergeRunPlan | string> {
  try {
    return planLoadedMergeRun(await catalog.load(name, sha), sha, github);
  } catch (error) {
    return errorText(error);
  }
}

/** Every runbook at `sha` whose onMerge fires for a merge into `branch` changing `files`. */
export async function matchMergeRuns(
  catalog: RunbookCatalog,
  sha: string,
  branch: string,
  files: readonly string[],
  github: MergeExpressionContext,
): Promise<MergeMatch> {
  const runs: MergeRunPlan[] = [];
  const problems: string[] = [];
  for (const entry of await catalog.list(sha)) {
    let loaded: LoadedRunbook;
    try {
      loaded = await catalog.load(entry.name, sha);
    } catch (error) {
      // Invalid children or people.yaml: it may or may not be an onMerge runbook; say so.
      problems.push(`${entry.name} (${entry.path}): ${errorText(error)}`);
      continue;
    }
    if (!onMergeMatches(loaded.definition, branch, files)) continue;
    const plan = planLoadedMergeRun(loaded, sha, github);
    if (typeof plan === 'string') problems.push(`${entry.name} (${entry.path}): ${plan}`);
    else runs.push(plan);
  }
  return { runs, problems };
}
