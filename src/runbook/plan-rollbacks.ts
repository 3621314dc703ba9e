/**
 * The saga rule of the interpreter (src/workflows/run-step.ts, saga.ts), stated for `runbook plan`:
 * which undo a step leaves when it succeeds, which when it fails, and what a group leaves. Kept
 * beside the plan so that `plan` lists exactly the rollbacks a failure would run. Pure.
 */
import { findAction } from './actions/index.js';
import type { RollbackStep, Step } from './model.js';

export interface PlanRollback {
  /** The step whose rollback runs. */
  readonly step: string;
  /** `run …`, `uses …`, or `built-in undo of kubernetes.setImage`. */
  readonly summary: string;
  /** When it runs only in some cases: `if it finished`, `for each item that finished`, … */
  readonly note?: string;
}

type Summarize = (rollback: RollbackStep) => string;

/** What a step that succeeded pushes on the saga: its `rollback:`, else its action's built-in undo. */
export function undoOnSuccess(step: Step, summarize: Summarize): PlanRollback | undefined {
  if (step.rollback === 'none') return undefined;
  if (step.rollback !== undefined) return { step: step.id, summary: summarize(step.rollback) };
  if (step.kind === 'uses' && findAction(step.action)?.undo !== undefined) {
    return { step: step.id, summary: `built-in undo of ${step.action}` };
  }
  return undefined;
}

/**
 * What a step that failed (or was cancelled) pushes: its own `rollback:` (it may have half-done its
 * work), or, for an action that hands back the undo of its partial work, that undo. A built-in undo
 * of a step that never finished has nothing to restore.
 */
export function undoOnFailure(step: Step, summarize: Summarize): PlanRollback | undefined {
  if (step.rollback === 'none') return undefined;
  if (step.rollback !== undefined) return { step: step.id, summary: summarize(step.rollback) };
  if (step.kind === 'uses' && findAction(step.action)?.undoesPartialWork === true) {
    return { step: step.id, summary: `undo of what ${step.action} applied before it failed` };
  }
  return undefined;
}

/**
 * Every undo a finished step leaves, nested steps included: a group leaves its children's (once per
 * item for `forEach`); a `runbook:` step leaves only its own `rollback:` — a child runbook that
 * finished is not rolled back by its parent.
 */
export function undoOfFinished(step: Step, summarize: Summarize, note?: string): PlanRollback[] {
  const own = undoOnSuccess(step, summarize);
  const mine = own === undefined ? [] : [withNote(own, note)];
  if (step.kind === 'parallel') {
    return [...step.steps.flatMap((child) => undoOfFinished(child, summarize, note)), ...mine];
  }
  if (step.kind === 'forEach') {
    const each = note ?? 'for each item that finished';
    return [...step.steps.flatMap((child) => undoOfFinished(child, summarize, each)), ...mine];
  }
  return mine;
}

/**
 * The undo a failing parallel branch's siblings leave: a sibling's own `rollback:` runs whether it
 * finished or was cancelled part-way; a built-in undo only if it finished first.
 */
export function undoOfSiblings(siblings: readonly Step[], summarize: Summarize): PlanRollback[] {
  return siblings.flatMap((sibling) =>
    undoOfFinished(sibling, summarize).map((undo) =>
      undo.note !== undefined
        ? undo
        : withNote(
            undo,
            undo.summary.startsWith('built-in') ? 'if it finished first' : 'if it started',
          ),
    ),
  );
}

function withNote(undo: PlanRollback, note: string | undefined): PlanRollback {
  return note === undefined ? undo : { ...undo, note };
}
