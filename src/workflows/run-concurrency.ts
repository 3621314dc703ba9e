import { ApplicationFailure } from '@temporalio/workflow';
import { renderTemplate } from '../runbook/expressions.js';
import { workflowNow } from './clock.js';
import { acquireConcurrencySlot } from './concurrency-slot.js';
import { recordQueueChange, recordRunFinished } from './metrics.js';
import { type RunContext, setRunStatus } from './run-context.js';
import type { RunbookRunResult } from './types.js';

/**
 * `spec.concurrency`: runs with the same rendered key never overlap. Waits for the key's lock
 * (showing `Queued` with the holder and position meanwhile) and returns the key to release at the
 * end, or `undefined` when the runbook has no concurrency key. With `onConflict: reject` a held key
 * fails the run at once with a non-retryable `ConcurrencyConflict` naming the holder.
 */
export async function enterConcurrency(run: RunContext): Promise<string | undefined> {
  const { definition, progress } = run;
  if (definition.concurrency === undefined) return undefined;
  const key = String(renderTemplate(definition.concurrency.key, run.root));
  let queued = false;
  const answer = await acquireConcurrencySlot(key, definition.concurrency.onConflict, (queue) => {
    if (!queued) recordQueueChange(run, key, 'enqueued');
    queued = true;
    progress.queue = { key, ...queue };
    setRunStatus(run, 'Queued');
  }).finally(() => {
    if (queued) recordQueueChange(run, key, 'dequeued');
  });
  delete progress.queue;
  if (!answer.granted) {
    const reason = `another run (${answer.holder}) holds concurrency key "${key}" and this runbook says onConflict: reject; wait for it to finish, or set onConflict: queue`;
    progress.reason = reason;
    progress.finishedAt = workflowNow();
    setRunStatus(run, 'Failed');
    recordRunFinished(run, 'Failed');
    const result: RunbookRunResult = { status: 'Failed', reason, outputs: {}, progress };
    throw ApplicationFailure.create({
      type: 'ConcurrencyConflict',
      message: reason,
      nonRetryable: true,
      details: [result],
    });
  }
  setRunStatus(run, 'Running');
  return key;
}
