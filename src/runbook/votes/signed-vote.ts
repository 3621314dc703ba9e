/**
 * A vote as runbook server forwards it: the decision the `approve` / `reject` Update takes, signed
 * over exactly the fields the workflow checks. Building it here, beside the check's encoding, keeps
 * the signer and the verifier from disagreeing about what a vote says. Pure.
 */
import type { VoteSigningKey } from './keys.js';
import type { VoteClaim } from './message.js';
import { signVote, type VoteSignature } from './sign.js';

/** The Update's argument (`ApprovalDecision` of src/workflows/types.ts), signed. */
export interface SignedVote {
  readonly stepId: string;
  readonly approver: string;
  readonly at: number;
  readonly signature: VoteSignature;
  readonly reason?: string;
  /** `claim.groups`, the signed Slack user group memberships, when the claim has them. */
  readonly slackUserGroups?: readonly string[];
}

/**
 * Signs `claim` and returns the decision to send. `claim.stepId` must be the step's key as the
 * run's progress shows it (`StepProgress.key`: the step id, `id[i]` inside `forEach`); it is sent
 * as the decision's `stepId` too, so the vote cannot land on another step.
 */
export function signedVote(claim: VoteClaim, key: VoteSigningKey, reason?: string): SignedVote {
  return {
    stepId: claim.stepId,
    approver: claim.identity,
    at: claim.at,
    signature: signVote(claim, key),
    ...(reason === undefined ? {} : { reason }),
    ...(claim.groups === undefined ? {} : { slackUserGroups: [...claim.groups] }),
  };
}
