// The sticky pull request comment: per changed runbook its plan and plan hash, and the runs the
// merge would start with their params and plan hashes. Bounded to fit GitHub's comment limit.

import { type Plan, renderPlanText } from '../../runbook/plan.js';
import { canonicalJson } from '../../runbook/plan-hash.js';
import { codeBlock, inlineCode } from './markdown.js';
import type { MergeRun } from './on-merge-plan.js';

export const PLAN_COMMENT_MARKER = '<!-- runbook-runner:plan -->';
/** GitHub refuses comments over 65536 characters; leave room for the truncation note. */
export const PLAN_COMMENT_LIMIT = 60_000;
/** One plan's text is cut beyond this, so one huge runbook cannot hide the others. */
const PLAN_TEXT_LIMIT = 12_000;

/** What the check found for one changed file. */
export type ChangedRunbook =
  | { readonly kind: 'planned'; readonly path: string; readonly plan: Plan; readonly hash: string }
  | {
      readonly kind: 'needs-params';
      readonly path: string;
      readonly name: string;
      readonly needs: readonly string[];
    }
  | { readonly kind: 'invalid'; readonly path: string; readonly problem: string }
  | { readonly kind: 'removed'; readonly path: string }
  | { readonly kind: 'people'; readonly path: string };

export interface PlanCommentInput {
  readonly sha: string;
  readonly baseBranch: string;
  /** Errors found by validation (annotated on the check run). */
  readonly errors: number;
  readonly runbooks: readonly ChangedRunbook[];
  readonly mergeRuns: readonly MergeRun[];
  /** A pull request from a fork: its merge starts nothing. */
  readonly fork: boolean;
}

function clipPlan(text: string): string {
  return text.length <= PLAN_TEXT_LIMIT
    ? text
    : `${text.slice(0, PLAN_TEXT_LIMIT)}\n… (plan cut at ${PLAN_TEXT_LIMIT} characters: run \`runbook plan\` locally for the rest)\n`;
}

function changedSection(r: ChangedRunbook): string {
  switch (r.kind) {
    case 'planned':
      return [
        `#### ${inlineCode(r.plan.runbook)} — ${inlineCode(r.path)}`,
        `Plan hash: ${inlineCode(r.hash)} (with its default params)`,
        '',
        codeBlock(clipPlan(renderPlanText(r.plan))),
      ].join('\n');
    case 'needs-params':
      return [
        `#### ${inlineCode(r.name)} — ${inlineCode(r.path)}`,
        `Not planned: it has params without a default. A run needs: ${r.needs.map(inlineCode).join(', ')}.`,
      ].join('\n');
    case 'invalid':
      return `#### ${inlineCode(r.path)}\n:x: Not planned: ${r.problem}`;
    case 'removed':
      return `#### ${inlineCode(r.path)}\nRemoved: this runbook file is deleted by the pull request.`;
    case 'people':
      return `#### ${inlineCode(r.path)}\nPeople directory changed: the runbooks it governs were validated against it.`;
    default: {
      const never: never = r;
      throw new Error(`unhandled changed runbook ${String(never)}`);
    }
  }
}

function mergeSection(run: MergeRun): string {
  if (!run.ok) {
    return `#### ${inlineCode(run.name)} — ${inlineCode(run.path)}\n:x: Would not start: ${inlineCode(run.problem)}`;
  }
  return [
    `#### ${inlineCode(run.name)} — ${inlineCode(run.path)}`,
    `Params: ${inlineCode(canonicalJson(run.params))}`,
    `Plan hash: ${inlineCode(run.hash)}`,
    '',
    codeBlock(clipPlan(renderPlanText(run.plan))),
  ].join('\n');
}

/** The comment body: starts with the marker, at most PLAN_COMMENT_LIMIT characters. */
export function renderPlanComment(input: PlanCommentInput): string {
  const head = [
    PLAN_COMMENT_MARKER,
    `### runbook-runner plan at ${inlineCode(input.sha.slice(0, 12))}`,
    input.errors === 0
      ? ':white_check_mark: Every changed runbook is valid.'
      : `:x: ${input.errors} problem(s): see the annotations of the ${inlineCode('runbook-runner / plan')} check.`,
    '',
    '### Changed runbooks',
  ];
  const sections = input.runbooks.map(changedSection);
  sections.push(`### Runs the merge into ${inlineCode(input.baseBranch)} would start`);
  if (input.fork) {
    sections.push(
      'None: this pull request comes from a fork, and a merge from a fork starts nothing.',
    );
  } else if (input.mergeRuns.length === 0) {
    sections.push('None: no runbook has a `triggers.github.onMerge` that matches these changes.');
  } else {
    sections.push(
      'Each run is bound to the plan hash below: if the plan at the merge commit differs, the run waits for an approval that shows the difference.',
    );
    sections.push(...input.mergeRuns.map(mergeSection));
  }
  let body = head.join('\n');
  for (let i = 0; i < sections.length; i++) {
    const next = `\n\n${sections[i]}`;
    if (body.length + next.length > PLAN_COMMENT_LIMIT) {
      return `${body}\n\n… ${sections.length - i} more section(s) not shown: the comment is limited to ${PLAN_COMMENT_LIMIT} characters. Run \`runbook plan\` locally for the rest.\n`;
    }
    body += next;
  }
  return `${body}\n`;
}
