/**
 * Whether a vote's signature holds: the one place the interpreter decides whether a vote is
 * verified (signed by runbook server) and whether a signed vote is refused. Pure: the Update
 * validators, the handlers and the signal handler call it with the workflow's time.
 */
import { type VoteClaim, type VoteSignature, verifyVote } from '../runbook/votes/index.js';
import type { ApprovalDecision } from './types.js';

/**
 * How far a signed vote's `at` may be from the run's clock, either way. A signed vote older than
 * this is stale or replayed; one newer comes from a server whose clock is off. Five minutes is
 * Slack's own window for a request signature: a click forwarded at once is well inside it.
 */
export const SIGNED_VOTE_WINDOW_MS = 5 * 60 * 1000;

/** What a vote's signature is checked against. */
export interface VoteVerification {
  /** The run's workflow id (`workflowInfo().workflowId`). */
  readonly runId: string;
  /** The workflow's clock now. */
  readonly now: number;
  /**
   * The public keys recorded with the run (activity `voteVerificationKeys`), key id → base64url;
   * `undefined` for a run started before patch `vote-keys-recorded`, or before its first
   * approval step: such a run cannot check signatures.
   */
  readonly keys: Readonly<Record<string, string>> | undefined;
}

/** The verdict on a vote's signature: refused with a reason, or counted (verified or not). */
export type SignatureVerdict =
  | { readonly refusal: string }
  | { readonly refusal?: undefined; readonly verified: boolean };

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Judges the signature of `decision` for the approval step keyed `stepKey`. A vote without a
 * signature is counted as unverified, unless the step requires `verified: true`. A signed vote is
 * refused, whatever the step says, when its time is more than {@link SIGNED_VOTE_WINDOW_MS} from
 * the run's clock or its signature does not verify over {run, step, identity, decision, at} and,
 * when the decision carries them, its Slack user group memberships.
 */
export function judgeSignature(
  decision: ApprovalDecision,
  step: { readonly key: string; readonly stepId: string; readonly verifiedOnly: boolean },
  kind: 'approve' | 'reject',
  check: VoteVerification,
): SignatureVerdict {
  const signature: VoteSignature | undefined = decision.signature;
  if (signature === undefined || signature === null) {
    if (!step.verifiedOnly) return { verified: false };
    return {
      refusal: `step "${step.stepId}" requires a vote verified by runbook server (Slack/GitHub); a vote sent straight to Temporal is refused, whatever identity it claims (${decision.approver}): vote from Slack or GitHub instead`,
    };
  }
  // A run from before vote signing recorded no keys: it cannot tell a good signature from a bad one,
  // and none of its steps can require verification (the format had no `verified:` then).
  if (check.keys === undefined) {
    return step.verifiedOnly
      ? {
          refusal: `step "${step.stepId}" requires a verified vote, but this run recorded no vote public keys; this is a bug`,
        }
      : { verified: false };
  }
  if (typeof decision.at !== 'number' || !Number.isSafeInteger(decision.at)) {
    return {
      refusal: 'a signed vote must say when it was cast (at, epoch milliseconds); it is refused',
    };
  }
  if (Math.abs(check.now - decision.at) > SIGNED_VOTE_WINDOW_MS) {
    return {
      refusal: `the signed vote was cast at ${iso(decision.at)}, more than 5 minutes from the run's time ${iso(check.now)}; a stale or replayed vote is refused: vote again`,
    };
  }
  if (Object.keys(check.keys).length === 0) {
    return {
      refusal: `the vote is signed with key "${String(signature.keyId)}", but the worker recorded no vote public keys with this run; set RUNBOOK_VOTE_PUBLIC_KEYS on the workers (docs/security.md#verified-votes)`,
    };
  }
  const groups: unknown = decision.slackUserGroups;
  if (
    groups !== undefined &&
    (!Array.isArray(groups) || groups.some((group) => typeof group !== 'string'))
  ) {
    return {
      refusal:
        "a signed vote's slackUserGroups must be a list of Slack user group ids; it is refused",
    };
  }
  const claim: VoteClaim = {
    runId: check.runId,
    stepId: step.key,
    identity: decision.approver,
    decision: kind,
    at: decision.at,
    ...(groups === undefined ? {} : { groups: groups as readonly string[] }),
  };
  if (!verifyVote(claim, signature, check.keys)) {
    const known = Object.keys(check.keys).join(', ');
    return {
      refusal: `the vote's signature does not verify for ${kind} of step "${step.key}" of run ${check.runId} by ${decision.approver} (key "${String(signature.keyId)}"; the run knows ${known}): it was altered or not signed by runbook server, and is refused`,
    };
  }
  return { verified: true };
}
