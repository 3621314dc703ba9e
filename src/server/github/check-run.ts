// The `runbook-runner / plan` check run of one head commit, found again by its name and
// external_id (= the head sha), so that a redelivery or a restart never makes a second one.
// Annotations go in batches of at most 50 per request (GitHub appends each batch).
import type { GithubClient } from '../../integrations/github/octokit.js';
import { escapeControl } from '../../runbook/bounded-text.js';
import type { Diagnostic } from '../../runbook/diagnostics.js';

export const PLAN_CHECK_NAME = 'runbook-runner / plan';
/** GitHub takes at most 50 annotations per create/update request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Beyond this many annotations the rest is only counted in the summary. */
export const MAX_ANNOTATIONS = 500;
/** GitHub's limit for output.summary and output.text. */
const OUTPUT_LIMIT = 65_535;
const MESSAGE_LIMIT = 4_000;

export interface CheckRunRef {
  readonly id: number;
  /** True when the run is already completed: its result and annotations are final. */
  readonly completed: boolean;
}

interface Target {
  readonly octokit: GithubClient;
  readonly owner: string;
  readonly repo: string;
  readonly sha: string;
}

/** The plan check run of `sha`: the existing one, or a new one `in_progress`. */
export async function openPlanCheckRun(target: Target): Promise<CheckRunRef> {
  const { octokit, owner, repo, sha } = target;
  const existing = await octokit.rest.checks.listForRef({
    owner,
    repo,
    ref: sha,
    check_name: PLAN_CHECK_NAME,
    per_page: 100,
  });
  const mine = existing.data.check_runs.find(
    (run) => run.name === PLAN_CHECK_NAME && run.external_id === sha && run.head_sha === sha,
  );
  if (mine !== undefined) return { id: mine.id, completed: mine.status === 'completed' };
  const created = await octokit.rest.checks.create({
    owner,
    repo,
    name: PLAN_CHECK_NAME,
    head_sha: sha,
    external_id: sha,
    status: 'in_progress',
    output: {
      title: 'Planning changed runbooks…',
      summary: 'Validating and planning at this commit.',
    },
  });
  return { id: created.data.id, completed: false };
}

function clip(text: string, limit: number): string {
  return text.length <= limit
    ? text
    : `${text.slice(0, limit - 40)}\n… (cut at ${limit} characters)`;
}

/** A diagnostic as a GitHub check annotation at its exact file, line and column. */
export function toAnnotation(d: Diagnostic) {
  const endLine = d.endLine ?? d.line;
  const sameLine = endLine === d.line;
  return {
    path: d.file,
    start_line: d.line,
    end_line: endLine,
    // GitHub takes columns only on a one-line annotation.
    ...(sameLine
      ? {
          start_column: d.column,
          end_column: Math.max(d.column, (d.endColumn ?? d.column + 1) - 1),
        }
      : {}),
    annotation_level: d.severity === 'error' ? ('failure' as const) : ('warning' as const),
    title: d.code,
    message: clip(
      escapeControl(d.hint === undefined ? d.message : `${d.message}\nhint: ${d.hint}`),
      MESSAGE_LIMIT,
    ),
  };
}

export interface CheckResult {
  readonly conclusion: 'success' | 'failure';
  readonly title: string;
  readonly summary: string;
  readonly text?: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** Completes the check run with its result; annotations in batches of 50. */
export async function completePlanCheckRun(
  target: Target,
  run: CheckRunRef,
  result: CheckResult,
): Promise<void> {
  const { octokit, owner, repo } = target;
  const annotations = result.diagnostics.slice(0, MAX_ANNOTATIONS).map(toAnnotation);
  const left = result.diagnostics.length - annotations.length;
  const summary = clip(
    left > 0
      ? `${result.summary}\n\n${left} more problem(s) not annotated (at most ${MAX_ANNOTATIONS}).`
      : result.summary,
    OUTPUT_LIMIT,
  );
  const output = (batch: typeof annotations) => ({
    title: result.title,
    summary,
    ...(result.text === undefined ? {} : { text: clip(result.text, OUTPUT_LIMIT) }),
    annotations: batch,
  });
  // Every batch but the last while still in progress, so nobody sees a half-annotated result.
  for (
    let at = 0;
    at + ANNOTATIONS_PER_REQUEST < annotations.length;
    at += ANNOTATIONS_PER_REQUEST
  ) {
    await octokit.rest.checks.update({
      owner,
      repo,
      check_run_id: run.id,
      output: output(annotations.slice(at, at + ANNOTATIONS_PER_REQUEST)),
    });
  }
  const lastStart = Math.max(
    0,
    Math.floor((annotations.length - 1) / ANNOTATIONS_PER_REQUEST) * ANNOTATIONS_PER_REQUEST,
  );
  await octokit.rest.checks.update({
    owner,
    repo,
    check_run_id: run.id,
    status: 'completed',
    conclusion: result.conclusion,
    completed_at: new Date().toISOString(),
    output: output(annotations.slice(lastStart)),
  });
}
