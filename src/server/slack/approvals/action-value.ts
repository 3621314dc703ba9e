// The value carried by an Approve / Reject button (and the reject modal's private_metadata): which
// run and which step. It comes back in a click's payload, which anyone holding the signing secret
// could forge and which Slack clients can alter: it is read as hostile input (bounded, shape
// checked), and only ever used as the target of an Update the workflow itself validates.

export const APPROVE_ACTION_ID = 'runbook_approve';
export const REJECT_ACTION_ID = 'runbook_reject';
/** The reject modal's callback id, and its reason input. */
export const REJECT_VIEW_ID = 'runbook_reject_reason';
export const REASON_BLOCK_ID = 'reason';
export const REASON_ACTION_ID = 'reason_input';

export interface ApprovalTarget {
  readonly runId: string;
  /** The step's progress key (its id; `id[i]` inside a `forEach`). */
  readonly stepKey: string;
}

/** Slack's limit on a button value. */
const MAX_VALUE_LENGTH = 2_000;
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,254}$/;
const STEP_KEY = /^[A-Za-z0-9_][A-Za-z0-9_.[\]-]{0,199}$/;

export function encodeTarget(target: ApprovalTarget): string {
  return JSON.stringify({ run: target.runId, step: target.stepKey });
}

/** The target named by a button's value, or `undefined` for anything malformed. */
export function decodeTarget(value: unknown): ApprovalTarget | undefined {
  if (typeof value !== 'string' || value.length > MAX_VALUE_LENGTH) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const { run, step } = parsed as Record<string, unknown>;
  if (typeof run !== 'string' || !RUN_ID.test(run)) return undefined;
  if (typeof step !== 'string' || !STEP_KEY.test(step)) return undefined;
  return { runId: run, stepKey: step };
}
