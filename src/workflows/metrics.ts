import { metricMeter } from '@temporalio/workflow';
import { findAction } from '../runbook/actions/index.js';
import type { Step } from '../runbook/model.js';
import { type MetricSpec, RUNBOOK_METRICS } from './metric-catalog.js';
import { boundLabel } from './metric-labels.js';
import type { RunContext } from './run-context.js';
import type { RunStatus } from './types.js';

/**
 * The interpreter's metrics, in one place. The SDK's workflow `metricMeter` is replay-safe: it
 * records only when the workflow is not replaying, through a sink that adds no command to the
 * history, so these calls never change what a run does or how it replays. Without
 * RUNBOOK_METRICS_ADDRESS the worker's meter drops them.
 */

/** How a step ended, for `runbook_step_duration_seconds`. */
export type StepOutcome = 'succeeded' | 'failed' | 'timed_out' | 'cancelled' | 'skipped';

/** How an approval ended, for `runbook_approval_wait_seconds`. */
export type ApprovalOutcome = 'approved' | 'rejected' | 'timed_out' | 'cancelled';

function count(spec: MetricSpec, labels: Record<string, string>): void {
  metricMeter.createCounter(spec.name, spec.unit, spec.help).add(1, labels);
}

function observe(spec: MetricSpec, seconds: number, labels: Record<string, string>): void {
  metricMeter
    .createHistogram(spec.name, 'float', spec.unit, spec.help)
    .record(Math.max(0, seconds), labels);
}

function runbookLabel(run: RunContext): string {
  return boundLabel(run.definition.name, run.workflowId);
}

export function recordRunStarted(run: RunContext): void {
  count(RUNBOOK_METRICS.runsStarted, {
    runbook: runbookLabel(run),
    trigger: boundLabel(run.input.trigger.kind),
  });
}

export function recordRunFinished(run: RunContext, status: RunStatus): void {
  count(RUNBOOK_METRICS.runsFinished, { runbook: runbookLabel(run), status });
}

/** The `action` label: a registered action's name, or the step kind; never free text. */
export function stepActionLabel(step: Step): string {
  if (step.kind !== 'uses') return step.kind;
  return findAction(step.action) === undefined ? 'unknown' : boundLabel(step.action);
}

export function recordStepDuration(step: Step, outcome: StepOutcome, durationMs: number): void {
  observe(RUNBOOK_METRICS.stepDuration, durationMs / 1000, {
    action: stepActionLabel(step),
    outcome,
  });
}

export function recordApprovalWait(
  run: RunContext,
  outcome: ApprovalOutcome,
  durationMs: number,
): void {
  observe(RUNBOOK_METRICS.approvalWait, durationMs / 1000, {
    runbook: runbookLabel(run),
    outcome,
  });
}

export function recordCompensation(run: RunContext, failed: boolean): void {
  const labels = { runbook: runbookLabel(run) };
  count(RUNBOOK_METRICS.compensationsRun, labels);
  if (failed) count(RUNBOOK_METRICS.compensationsFailed, labels);
}

/**
 * A run that queues counts as enqueued, and once it leaves the queue (granted, refused or
 * cancelled) as dequeued. Enqueuing also adds 0 to the dequeued series, so that
 * `enqueued - dequeued` has both sides for every key from the first queued run on.
 */
export function recordQueueChange(
  run: RunContext,
  key: string,
  change: 'enqueued' | 'dequeued',
): void {
  const labels = { concurrency_key: boundLabel(key, run.workflowId) };
  const dequeued = RUNBOOK_METRICS.runsDequeued;
  const counter = metricMeter.createCounter(dequeued.name, dequeued.unit, dequeued.help);
  if (change === 'dequeued') {
    counter.add(1, labels);
    return;
  }
  count(RUNBOOK_METRICS.runsEnqueued, labels);
  counter.add(0, labels);
}
