import {
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { LockActivities } from './activity-types.js';
import {
  lockGrantedSignal,
  lockQueuedSignal,
  lockRefusedSignal,
  lockWorkflowId,
  releaseLockSignal,
} from './concurrency-lock.js';
import { LOCK_ACTIVITY_OPTIONS } from './policies.js';

export type SlotAnswer =
  | { readonly granted: true }
  | { readonly granted: false; readonly holder: string };

/**
 * The run's side of `spec.concurrency`: asks the key's lock workflow for a slot (through an
 * activity, which can signal-with-start) and waits for its answer by signal — granted, or refused
 * for `onConflict: reject`. While queued, `onQueued` reports who holds the key and our place.
 * If waiting is cancelled, the request is withdrawn before the cancellation propagates.
 */
export async function acquireConcurrencySlot(
  key: string,
  onConflict: 'reject' | 'queue',
  onQueued: (queue: { holder: string; position: number }) => void,
): Promise<SlotAnswer> {
  const info = workflowInfo();
  let answer: SlotAnswer | undefined;
  setHandler(lockGrantedSignal, () => {
    answer = { granted: true };
  });
  setHandler(lockRefusedSignal, ({ holder }) => {
    answer = { granted: false, holder };
  });
  setHandler(lockQueuedSignal, ({ holder, position }) => {
    if (answer === undefined) onQueued({ holder, position });
  });
  const { acquireLock } = proxyActivities<LockActivities>(LOCK_ACTIVITY_OPTIONS);
  try {
    await acquireLock({ key, workflowId: info.workflowId, onConflict, taskQueue: info.taskQueue });
    await condition(() => answer !== undefined);
  } catch (error) {
    await releaseConcurrencySlot(key);
    throw error;
  }
  return answer ?? { granted: true };
}

/** Tells the lock this run is done (or gave up waiting); never cancelled, never fatal. */
export async function releaseConcurrencySlot(key: string): Promise<void> {
  const { workflowId } = workflowInfo();
  await CancellationScope.nonCancellable(() =>
    getExternalWorkflowHandle(lockWorkflowId(key)).signal(releaseLockSignal, { workflowId }),
  ).catch(() => undefined);
}
