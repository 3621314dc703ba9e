// What the notifier reads once per run besides its progress: the run's input (runbook definition,
// params, who started it, people) from the first event of its history, and its memo. One small
// history page, not the whole history: the input is in the `WorkflowExecutionStarted` event.
import type { Client } from '@temporalio/client';
import { historyPayloadValue } from '../../../codec/history-payloads.js';
import type { RunbookRunInput } from '../../../workflows/types.js';

export interface RunStart {
  readonly input: RunbookRunInput;
  readonly memo: Readonly<Record<string, unknown>>;
}

/** The run's input and memo, or `undefined` when the run or its input cannot be read. */
export async function readRunStart(
  client: Client,
  namespace: string,
  runId: string,
): Promise<RunStart | undefined> {
  const page = await client.workflowService.getWorkflowExecutionHistory({
    namespace,
    execution: { workflowId: runId },
    maximumPageSize: 1,
  });
  const started = page.history?.events?.[0]?.workflowExecutionStartedEventAttributes;
  const payload = started?.input?.payloads?.[0];
  if (started == null || payload == null) return undefined;
  // Raw history is not decoded by the client: through its codec (encrypted payloads).
  const input = await historyPayloadValue<RunbookRunInput>(client, payload);
  const memo: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(started.memo?.fields ?? {})) {
    try {
      memo[key] = await historyPayloadValue(client, value);
    } catch {
      // a memo field another tool wrote in a format we do not read: not ours
    }
  }
  return { input, memo };
}
