import type { Client } from '@temporalio/client';
import { RunNotFoundError } from '../errors.js';

/** A handle on an existing run and its description; `RunNotFoundError` when the id is unknown. */
export async function existingRun(client: Client, runId: string) {
  const handle = client.workflow.getHandle(runId);
  try {
    const description = await handle.describe();
    return { handle, description };
  } catch (error) {
    if ((error as { name?: string }).name === 'WorkflowNotFoundError') {
      throw new RunNotFoundError(runId, client.options.namespace);
    }
    throw error;
  }
}
