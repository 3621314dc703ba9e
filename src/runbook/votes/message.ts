/**
 * What a vote signature covers: the claim, and its one canonical byte encoding. Pure: no I/O.
 */

/** One person's decision on one approval step of one run, at one time. */
export interface VoteClaim {
  /** The run's workflow id. */
  readonly runId: string;
  /** The approval step, as the run's progress keys it (the step id; `id[i]` inside `forEach`). */
  readonly stepId: string;
  /** Channel-qualified identity of who decided, e.g. `slack:U024BE7LH`. */
  readonly identity: string;
  readonly decision: 'approve' | 'reject';
  /** When the vote was cast, epoch milliseconds. */
  readonly at: number;
  /**
   * Those of the step's `approvers.slackUserGroups` the voter is a member of, as runbook server
   * asked Slack. Absent: not looked up; the claim then encodes exactly as before this field existed.
   */
  readonly groups?: readonly string[];
}

/** Names the scheme, so a signature over these bytes can never be mistaken for another kind. */
const DOMAIN = 'runbook-runner/vote/v1';

const encoder = new TextEncoder();

/**
 * The fields `groups` adds: a marker, the count as a decimal integer, then each group. With the
 * count, `[]` encodes apart from absent and the groups cannot run into each other.
 */
function groupFields(groups: readonly string[]): string[] {
  if (!Array.isArray(groups) || groups.some((g) => typeof g !== 'string')) {
    throw new RangeError(`a vote's "groups" is a list of Slack user group ids`);
  }
  return ['slackUserGroups', `${groups.length}`, ...groups];
}

/**
 * The bytes a vote signature signs: the domain, then each field as a 4-byte big-endian length and
 * its UTF-8 bytes (`at` as a decimal integer), then, only when `groups` is present, its fields
 * ({@link groupFields}). Length prefixes make the encoding unambiguous: no choice of field values
 * can make two different claims encode alike; a claim without `groups` encodes as it always did.
 */
export function voteMessage(claim: VoteClaim): Uint8Array {
  if (!Number.isSafeInteger(claim.at) || claim.at < 0) {
    throw new RangeError(`a vote's "at" must be epoch milliseconds, not ${String(claim.at)}`);
  }
  if (claim.decision !== 'approve' && claim.decision !== 'reject') {
    throw new RangeError(`a vote's decision is approve or reject, not ${String(claim.decision)}`);
  }
  const fields = [DOMAIN, claim.runId, claim.stepId, claim.identity, claim.decision, `${claim.at}`];
  if (claim.groups !== undefined) fields.push(...groupFields(claim.groups));
  const parts = fields.map((field) => encoder.encode(field));
  const out = new Uint8Array(parts.reduce((sum, part) => sum + 4 + part.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const part of parts) {
    view.setUint32(at, part.length);
    out.set(part, at + 4);
    at += 4 + part.length;
  }
  return out;
}
