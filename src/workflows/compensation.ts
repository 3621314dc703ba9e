import { CancellationScope } from '@temporalio/workflow';
import { type Compensation, describe } from './step-values.js';
import type { StepProgress } from './types.js';

/**
 * Unwinds the saga: runs every recorded undo, newest first, in a scope that a second
 * cancellation cannot interrupt. A failing undo is recorded on its step and does not stop the
 * others. Returns the keys of the steps whose undo failed (empty when everything was restored).
 */
export async function unwindCompensations(
  stack: readonly Compensation[],
  stepsByKey: ReadonlyMap<string, StepProgress>,
  undo: (item: Compensation) => Promise<void>,
): Promise<string[]> {
  const failed: string[] = [];
  await CancellationScope.nonCancellable(async () => {
    for (const item of [...stack].reverse()) {
      const entry = stepsByKey.get(item.key);
      if (entry !== undefined) entry.rollback = { status: 'Running' };
      try {
        await undo(item);
        if (entry !== undefined) {
          entry.rollback = { status: 'Succeeded' };
          entry.status = 'RolledBack';
        }
      } catch (error) {
        failed.push(item.key);
        if (entry !== undefined) {
          entry.rollback = { status: 'Failed', error: describe(error) };
          entry.status = 'RollbackFailed';
        }
      }
    }
  });
  return failed;
}
