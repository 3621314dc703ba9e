// Starting the run: the one place the action asks Temporal to start a workflow.
import type { Client } from '@temporalio/client';
import { RUNBOOK_WORKFLOW_TYPE } from '../workflows/definitions.js';
import {
  RunbookCommitKey,
  RunbookNameKey,
  RunStatusKey,
  TriggeredByKey,
} from '../workflows/search-attributes.js';
import type { RunbookRunInput } from '../workflows/types.js';

export interface StartRunOptions {
  readonly taskQueue: string;
  readonly workflowId: string;
  readonly input: RunbookRunInput;
  readonly memo?: Record<string, unknown>;
}

/** Starts the interpreter on `input`, with the search attributes every run keeps. */
export async function startRunbookRun(client: Client, options: StartRunOptions): Promise<void> {
  const { definition, source, trigger } = options.input;
  const commit = source.commit ?? `uncommitted:${source.contentHash ?? ''}`;
  await client.workflow.start(RUNBOOK_WORKFLOW_TYPE, {
    taskQueue: options.taskQueue,
    workflowId: options.workflowId,
    args: [options.input],
    typedSearchAttributes: [
      { key: RunbookNameKey, value: definition.name },
      { key: RunbookCommitKey, value: commit },
      { key: TriggeredByKey, value: trigger.actor },
      { key: RunStatusKey, value: 'Running' },
    ],
    ...(options.memo === undefined ? {} : { memo: options.memo }),
    staticSummary: `${definition.name} by ${trigger.actor}`,
  });
}
