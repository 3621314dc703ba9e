/**
 * Builds a {@link CaseTrace} from a finished run's progress (the `progress` query / the result)
 * and the calls the mocks recorded. Pure.
 */
import type { RunbookDefinition } from '../runbook/model.js';
import type { RunProgress, StepProgress } from '../workflows/types.js';
import type { ApprovalOutcome, CaseTrace } from './case-trace.js';
import { stepFacts } from './check-against-runbook.js';
import type { RecordedCall } from './mock-activities.js';

/** A step skipped by its `when:` never started; one skipped by an approval's `onTimeout` did. */
function skippedByWhen(entry: StepProgress): boolean {
  return entry.status === 'Skipped' && entry.startedAt === undefined;
}

export function buildTrace(
  definition: RunbookDefinition,
  progress: RunProgress,
  calls: readonly RecordedCall[],
): CaseTrace {
  const facts = stepFacts(definition);
  const entries = progress.steps;
  const started = entries
    .map((entry, order) => ({ entry, order }))
    .filter(({ entry }) => entry.startedAt !== undefined)
    .sort((a, b) => (a.entry.startedAt ?? 0) - (b.entry.startedAt ?? 0) || a.order - b.order)
    .map(({ entry }) => entry.id);
  const whenOutcomes = entries
    .filter((entry) => facts.get(entry.id)?.step.when !== undefined && entry.status !== 'Pending')
    .map((entry) => ({ step: entry.id, value: !skippedByWhen(entry) }));
  return {
    runbook: progress.runbook,
    status: progress.status,
    ran: unique(started),
    skipped: unique(entries.filter(skippedByWhen).map((entry) => entry.id)),
    whenOutcomes,
    rolledBack: rollbacksInOrder(entries, calls),
    approvals: entries
      .filter((entry) => facts.get(entry.id)?.runs === 'approval' && entry.startedAt !== undefined)
      .map((entry) => ({
        step: entry.id,
        outcome: approvalOutcome(entry),
        approvers: (entry.approvals ?? []).map((vote) => vote.by),
      })),
  };
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

function approvalOutcome(entry: StepProgress): ApprovalOutcome {
  if (entry.rejection !== undefined) return 'rejected';
  if ((entry.approvals ?? []).length >= (entry.required ?? entry.approval?.required ?? 1)) {
    return 'approved';
  }
  return 'timedOut';
}

/**
 * Rollbacks in the order they ran: the order of the rollback calls the mocks saw; a rollback that
 * made no activity call (none does today) goes after them, in the order compensation unwinds.
 */
function rollbacksInOrder(
  entries: readonly StepProgress[],
  calls: readonly RecordedCall[],
): { step: string; ok: boolean }[] {
  const rolled = entries.filter((entry) => entry.rollback !== undefined);
  const byKey = new Map(rolled.map((entry) => [entry.key, entry]));
  const order: string[] = [];
  for (const call of calls) {
    if (call.mode === 'rollback' && byKey.has(call.key) && !order.includes(call.key)) {
      order.push(call.key);
    }
  }
  for (const entry of [...rolled].reverse()) if (!order.includes(entry.key)) order.push(entry.key);
  return order.map((key) => {
    const entry = byKey.get(key) as StepProgress;
    return { step: entry.id, ok: entry.rollback?.status === 'Succeeded' };
  });
}
