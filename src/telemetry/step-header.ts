// The header a run's workflow adds to every activity it schedules so the activity's span can say
// which runbook and step it is: the runbook's name and the activity's summary (the step key, or
// `rollback of <key>` / `undo <key>`). Names and keys only: never an input value. Workflow-safe.
import { defaultPayloadConverter, type Payload } from '@temporalio/common';

export const STEP_HEADER = 'runbook-step';

export interface StepHeader {
  readonly runbook?: string;
  readonly summary?: string;
}

export function stepHeaderPayload(header: StepHeader): Payload {
  return defaultPayloadConverter.toPayload(header);
}

/** The header's content, or an empty one when it is missing or not ours. */
export function stepHeaderOf(headers: Readonly<Record<string, Payload>>): StepHeader {
  const payload = headers[STEP_HEADER];
  if (payload === undefined) return {};
  try {
    const value = defaultPayloadConverter.fromPayload<unknown>(payload);
    if (typeof value !== 'object' || value === null) return {};
    const { runbook, summary } = value as Record<string, unknown>;
    return {
      ...(typeof runbook === 'string' ? { runbook } : {}),
      ...(typeof summary === 'string' ? { summary } : {}),
    };
  } catch {
    return {};
  }
}
