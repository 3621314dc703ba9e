import type { Client } from '@temporalio/client';
import { UsageError } from '../io.js';

/** A handle on an existing run, with a clear error when the id is unknown. */
export async function existingRun(client: Client, runId: string) {
  const handle = client.workflow.getHandle(runId);
  try {
    const description = await handle.describe();
    return { handle, description };
  } catch (error) {
    if ((error as { name?: string }).name === 'WorkflowNotFoundError') {
      throw new UsageError(
        `no run with id "${runId}"; list recent runs with \`runbook history\``,
        1,
      );
    }
    throw error;
  }
}
