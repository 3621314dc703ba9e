// Where a run's message goes. A run started from a slash command: where it was started (the
// slash command's channel, given to `follow`, and kept in the run's memo under `slack`). A run
// started elsewhere (CLI, GitHub, a schedule): the runbook's own channel,
// `spec.triggers.slack.channel`. Memo and channel come from stored data: read as untrusted.
import type { RunbookRunInput } from '../../../workflows/types.js';

export interface SlackLocation {
  readonly channel: string;
  /** Post the run message as a reply in this thread instead of at the channel's top level. */
  readonly threadTs?: string;
}

/** The memo key a starter sets to say where the run's message goes: `{ channel, threadTs? }`. */
export const SLACK_MEMO_KEY = 'slack';

const CHANNEL = /^(?:[CGD][A-Z0-9]{2,20}|#[a-z0-9][a-z0-9._-]{0,79})$/;
const TS = /^\d{1,12}\.\d{1,8}$/;

/** A location read from untrusted JSON, or `undefined` when it is not one. */
export function readLocation(value: unknown): SlackLocation | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { channel, threadTs } = value as Record<string, unknown>;
  if (typeof channel !== 'string' || !CHANNEL.test(channel)) return undefined;
  if (threadTs !== undefined && (typeof threadTs !== 'string' || !TS.test(threadTs))) {
    return undefined;
  }
  return threadTs === undefined ? { channel } : { channel, threadTs };
}

/**
 * Where a run found at discovery is announced: its memo's location, else (when it was not started
 * from Slack) its runbook's channel; `undefined` when it has neither (it is not followed).
 */
export function discoveredLocation(
  input: RunbookRunInput,
  memo: Readonly<Record<string, unknown>>,
): SlackLocation | undefined {
  const fromMemo = readLocation(memo[SLACK_MEMO_KEY]);
  if (fromMemo !== undefined) return fromMemo;
  // A slash-command run without a memo location is followed by the receiver's `follow` call;
  // announcing it in the runbook's channel too would post it twice.
  if (input.trigger.kind === 'slack') return undefined;
  return readLocation({ channel: input.definition.triggers?.slack?.channel });
}
