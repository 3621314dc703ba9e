import { Context } from '@temporalio/activity';
import {
  acquireLockSignal,
  concurrencyLockWorkflow,
  type LockRequest,
  lockWorkflowId,
} from '../../workflows/concurrency-lock.js';

export interface AcquireLockInput extends LockRequest {
  readonly key: string;
  readonly taskQueue: string;
}

/**
 * Asks the lock workflow for `key` to admit this run, starting the lock if it is not running
 * (signal-with-start, which workflow code cannot do itself). The answer comes back to the run
 * as a signal.
 */
export async function acquireLock(input: AcquireLockInput): Promise<void> {
  const { client } = Context.current();
  await client.workflow.signalWithStart(concurrencyLockWorkflow, {
    workflowId: lockWorkflowId(input.key),
    taskQueue: input.taskQueue,
    args: [input.key],
    signal: acquireLockSignal,
    signalArgs: [{ workflowId: input.workflowId, onConflict: input.onConflict }],
  });
}
