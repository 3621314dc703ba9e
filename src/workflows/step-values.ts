// Values and small pure helpers the interpreter passes between steps: the failure a step
// raises, the undo it leaves behind, and how outputs and durations are read. Deterministic.
import { ApplicationFailure, patched } from '@temporalio/workflow';
import { parseDuration } from '../runbook/duration.js';
import type { ExpressionContext } from '../runbook/expressions.js';
import type { JsonObject, JsonValue, RollbackStep } from '../runbook/model.js';
import type { RunFailure } from './types.js';

/** A step that failed, carrying what `onFailure` steps and the final status report. */
export class StepFailedError extends Error {
  constructor(
    readonly failure: RunFailure,
    options?: { cause?: unknown },
  ) {
    super(`step ${failure.step} ${failure.status.toLowerCase()}: ${failure.reason}`, options);
  }
}

/** Something to undo, pushed after the step that did it succeeded. */
export type Compensation =
  | {
      readonly key: string;
      readonly kind: 'step';
      readonly rollback: RollbackStep;
      readonly ctx: ExpressionContext;
    }
  | {
      readonly key: string;
      /** A built-in undo record an action returned, restored by the registry's undo activity. */
      readonly kind: 'undo';
      readonly activity: string;
      readonly undo: JsonObject;
    };

/**
 * The value of `steps.<id>.status` in expressions: lowercase, as docs/runbook-format.md
 * documents (`steps.smoke.status == 'failed'`); progress keeps the capitalized `StepStatus`.
 */
export const EXPRESSION_STATUS = {
  succeeded: 'succeeded',
  failed: 'failed',
  skipped: 'skipped',
} as const;

/** How much of a value goes into progress (the query result, not history). */
const OUTPUT_SUMMARY_CHARS = 200;

export function describe(error: unknown): string {
  if (error instanceof StepFailedError) return error.failure.reason;
  // An activity's ApplicationFailure is the reason it meant to report (e.g. KubernetesForbidden
  // naming verb, resource and identity); its cause is only the raw error behind it.
  if (error instanceof ApplicationFailure && error.message !== '') return error.message;
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error && cause.message !== '') return describe(cause);
    return error.message;
  }
  return String(error);
}

export function summarize(outputs: Record<string, JsonValue>): Record<string, string> {
  const summary: Record<string, string> = {};
  for (const [key, value] of Object.entries(outputs)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    summary[key] =
      text.length > OUTPUT_SUMMARY_CHARS ? `${text.slice(0, OUTPUT_SUMMARY_CHARS)}…` : text;
  }
  return summary;
}

/** The folder of a repository-relative path (`''` at the root): steps work beside their runbook. */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** A `with:` duration after rendering: milliseconds, or a string like `4h` (validated earlier). */
export function durationMs(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return parseDuration(value);
  return undefined;
}

export function asObject(value: JsonValue): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

/** An error and the errors behind it (`cause`), outermost first. */
export function* causeChain(error: unknown): Generator<Error> {
  for (let e: unknown = error; e instanceof Error; e = (e as { cause?: unknown }).cause) yield e;
}

/**
 * Fails the step with `reason` when `patchId` applies. For checks whose patch is asked only when
 * they find a problem: runs without one record no marker, and a run that had the problem before
 * the patch keeps going on replay.
 */
export function failStepBehindPatch(patchId: string, key: string, reason: string): void {
  if (!patched(patchId)) return;
  throw new StepFailedError({ step: key, status: 'Failed', reason });
}
