import { CancellationScope } from '@temporalio/workflow';

/**
 * Runs tasks with at most `limit` at once, in order of the list; the first failure cancels the
 * others (their steps read Cancelled) and is rethrown once every lane has stopped.
 */
export async function runConcurrently(
  tasks: ReadonlyArray<() => Promise<void>>,
  limit: number,
): Promise<void> {
  const scope = new CancellationScope();
  await scope.run(async () => {
    let next = 0;
    let firstError: unknown;
    const lane = async () => {
      while (next < tasks.length && firstError === undefined) {
        const task = tasks[next++];
        if (task === undefined) return;
        try {
          await task();
        } catch (error) {
          if (firstError === undefined) {
            firstError = error;
            scope.cancel();
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, lane));
    if (firstError !== undefined) throw firstError;
  });
}
