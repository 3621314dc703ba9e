import {
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  getExternalWorkflowHandle,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';

/**
 * One lock workflow per `spec.concurrency.key`: runs whose rendered keys are equal never
 * overlap. Requests are served in arrival order; `onConflict: reject` is refused at once when
 * the lock is held, `queue` waits its turn. A lock with nobody holding or waiting ends after a
 * short idle period, and continues as new before its history grows large.
 */
export const LOCK_WORKFLOW_TYPE = 'concurrencyLockWorkflow';
export const LOCK_IDLE_MS = 60_000;

export function lockWorkflowId(key: string): string {
  return `runbook-lock/${key}`;
}

export interface LockRequest {
  readonly workflowId: string;
  readonly onConflict: 'reject' | 'queue';
}

export interface LockState {
  readonly holder: string | null;
  readonly queue: readonly string[];
}

/** Sent by a run to the lock. */
export const acquireLockSignal = defineSignal<[LockRequest]>('acquire');
export const releaseLockSignal = defineSignal<[{ workflowId: string }]>('release');
/** Sent by the lock to a run. */
export const lockGrantedSignal = defineSignal<[{ key: string }]>('lockGranted');
export const lockRefusedSignal = defineSignal<[{ key: string; holder: string }]>('lockRefused');
export const lockQueuedSignal =
  defineSignal<[{ key: string; holder: string; position: number }]>('lockQueued');
export const lockStateQuery = defineQuery<LockState>('lockState');

export async function concurrencyLockWorkflow(key: string, carried?: LockState): Promise<void> {
  let holder: string | null = carried?.holder ?? null;
  const queue: string[] = [...(carried?.queue ?? [])];
  const outbox: Array<() => Promise<void>> = [];

  const grant = (workflowId: string) => {
    holder = workflowId;
    outbox.push(() => getExternalWorkflowHandle(workflowId).signal(lockGrantedSignal, { key }));
  };

  setHandler(lockStateQuery, () => ({ holder, queue: [...queue] }));
  setHandler(acquireLockSignal, ({ workflowId, onConflict }) => {
    if (holder === workflowId || queue.includes(workflowId)) return;
    if (holder === null) {
      grant(workflowId);
    } else if (onConflict === 'reject') {
      const current = holder;
      outbox.push(() =>
        getExternalWorkflowHandle(workflowId).signal(lockRefusedSignal, { key, holder: current }),
      );
    } else {
      queue.push(workflowId);
      const current = holder;
      const position = queue.length;
      outbox.push(() =>
        getExternalWorkflowHandle(workflowId).signal(lockQueuedSignal, {
          key,
          holder: current,
          position,
        }),
      );
    }
  });
  setHandler(releaseLockSignal, ({ workflowId }) => {
    const waiting = queue.indexOf(workflowId);
    if (waiting >= 0) queue.splice(waiting, 1);
    if (holder !== workflowId) return;
    holder = null;
    const next = queue.shift();
    if (next !== undefined) grant(next);
  });

  const flush = async () => {
    while (outbox.length > 0) {
      const send = outbox.shift();
      // A run that vanished (terminated) must not wedge the lock: ignore failed deliveries.
      await send?.().catch(() => undefined);
    }
  };
  for (;;) {
    const active = await condition(
      () => outbox.length > 0 || holder !== null || queue.length > 0,
      LOCK_IDLE_MS,
    );
    if (!active) return; // idle: nobody holds or waits; the next request starts a new lock
    await flush();
    if (holder === null && queue.length === 0) continue;
    if (workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof concurrencyLockWorkflow>(key, { holder, queue: [...queue] });
    }
    await condition(() => outbox.length > 0 || (holder === null && queue.length === 0));
  }
}
