// Starting a run is the same from every entry point (CLI, Slack, GitHub webhooks, the Action):
// one workflow type, the search attributes `runbook history` filters on, and a summary line.
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { withStartSpan } from '../telemetry/start-span.js';
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
  /** The workflow id; a deterministic id (a webhook delivery, a Slack trigger) makes a retry a no-op. */
  readonly workflowId: string;
  readonly input: RunbookRunInput;
  /** Plain JSON kept beside the run (e.g. where its Slack message lives); never a secret. */
  readonly memo?: Record<string, unknown>;
  /**
   * `REJECT_DUPLICATE`: refuse the id even after the first run with it has closed, so a
   * redelivered webhook (its delivery id in the workflow id) never starts a second run.
   */
  readonly workflowIdReusePolicy?: 'ALLOW_DUPLICATE' | 'REJECT_DUPLICATE';
}

export interface StartedRun {
  readonly workflowId: string;
  /** `<sha>` or `uncommitted:<content hash>`. */
  readonly commit: string;
}

/** `<name>-<yyyymmdd-hhmmss>-<6 hex>`: sortable, readable, unique enough for humans. */
export function newRunId(name: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `${name}-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** The commit a run is pinned to, as the `RunbookCommit` search attribute shows it. */
export function pinnedCommit(input: RunbookRunInput): string {
  return input.source.commit ?? `uncommitted:${input.source.contentHash ?? ''}`;
}

/**
 * Starts the runbook workflow. With the default id-conflict policy a second start with the same
 * workflow id fails with `WorkflowExecutionAlreadyStartedError`: callers that derive the id from
 * a delivery id rely on that to never start a run twice.
 */
export async function startRunbookRun(
  client: Client,
  options: StartRunOptions,
): Promise<StartedRun> {
  const { input } = options;
  const commit = pinnedCommit(input);
  // The root span of the run's trace (docs/tracing.md); a no-op while tracing is off.
  const span = {
    runbook: input.definition.name,
    trigger: input.trigger.kind,
    run: options.workflowId,
  };
  await withStartSpan(span, () =>
    client.workflow.start(RUNBOOK_WORKFLOW_TYPE, {
      taskQueue: options.taskQueue,
      workflowId: options.workflowId,
      args: [input],
      typedSearchAttributes: [
        { key: RunbookNameKey, value: input.definition.name },
        { key: RunbookCommitKey, value: commit },
        { key: TriggeredByKey, value: input.trigger.actor },
        { key: RunStatusKey, value: 'Running' },
      ],
      ...(options.memo === undefined ? {} : { memo: options.memo }),
      ...(options.workflowIdReusePolicy === undefined
        ? {}
        : { workflowIdReusePolicy: options.workflowIdReusePolicy }),
      staticSummary: `${input.definition.name} by ${input.trigger.actor}`,
    }),
  );
  return { workflowId: options.workflowId, commit };
}
