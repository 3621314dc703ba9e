// The end of a failed step's output, for the job log: read from the run's history, where the
// command activity's failure carries a bounded tail of stdout and stderr (CommandFailedDetails).
import type { Client } from '@temporalio/client';
import { historyPayloadValue } from '../codec/history-payloads.js';
import type { StepProgress } from '../workflows/types.js';

/** At most this many characters of each stream go to the log. */
const TAIL_CHARS = 8 * 1024;

export interface OutputTail {
  readonly stdout: string;
  readonly stderr: string;
}

interface TailDetails {
  readonly stdoutTail?: unknown;
  readonly stderrTail?: unknown;
}

function lastChars(text: string): string {
  return text.length <= TAIL_CHARS ? text : `…${text.slice(text.length - TAIL_CHARS)}`;
}

/**
 * The output tail of `step`'s last failed command, matched by the failure message the step's
 * progress shows; `undefined` when the step ran no command (an HTTP call, an approval) or the
 * history cannot be read.
 */
export async function failedStepOutput(
  client: Client,
  workflowId: string,
  step: Pick<StepProgress, 'error'>,
): Promise<OutputTail | undefined> {
  if (step.error === undefined) return undefined;
  let history: Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;
  try {
    history = await client.workflow.getHandle(workflowId).fetchHistory();
  } catch {
    return undefined;
  }
  for (const event of [...(history.events ?? [])].reverse()) {
    const failure = event.activityTaskFailedEventAttributes?.failure;
    if (failure?.message !== step.error) continue;
    const payload = failure.applicationFailureInfo?.details?.payloads?.[0];
    if (payload === undefined || payload === null) return undefined;
    let details: TailDetails;
    try {
      // Raw history is not decoded by the client: through its codec (encrypted payloads).
      details = await historyPayloadValue<TailDetails>(client, payload);
    } catch {
      return undefined;
    }
    if (typeof details?.stdoutTail !== 'string' || typeof details.stderrTail !== 'string') {
      return undefined;
    }
    return { stdout: lastChars(details.stdoutTail), stderr: lastChars(details.stderrTail) };
  }
  return undefined;
}
