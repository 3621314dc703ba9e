import { parseDuration } from '../runbook/duration.js';
import type { JsonObject, JsonValue } from '../runbook/model.js';
import type { Approvers, PeopleDirectory } from '../runbook/people/model.js';
import { describeApprovers, isListed, personOf } from '../runbook/people/persons.js';
import type { ApprovalDecision, ApprovalVote } from './types.js';
import { judgeSignature, type SignatureVerdict, type VoteVerification } from './vote-check.js';

/** The failure type of every refused vote, from an Update validator, a handler or the CLI. */
export const APPROVAL_REFUSED = 'ApprovalRefused';

/** The `with:` of an `approval` step, after rendering. */
export interface ApprovalSpec {
  readonly message: string;
  /** People and groups of people.yaml, Slack user groups; all empty means anyone but the starter. */
  readonly approvers: Approvers;
  readonly required: number;
  readonly allowSelfApproval: boolean;
  readonly timeoutMs?: number;
  /** `skip` (the format's name) continues without the approval; `approve` counts as approved. */
  readonly onTimeout: 'reject' | 'skip' | 'approve';
  /** `verified: true`: only votes signed by runbook server count (docs/security.md#verified-votes). */
  readonly verified: boolean;
  /** `escalateAfter:`, which the Slack notifier acts on; the workflow only carries it. */
  readonly escalateAfter?: EscalationSpec;
}

/** An approval's `escalateAfter:`, read. */
export interface EscalationSpec {
  readonly afterMs: number;
  /** A Slack channel id or `#name`. */
  readonly channel?: string;
  /** A people.yaml group, or a Slack user group (`@handle` or `S…` id). */
  readonly mention?: string;
}

function strings(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function objectAt(value: JsonValue | undefined): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

const qualified = (channel: string) => (id: string) => (id.includes(':') ? id : `${channel}:${id}`);

/** `escalateAfter: { after, channel?, mention? }`, or undefined when absent or unreadable. */
function readEscalation(value: JsonValue | undefined): EscalationSpec | undefined {
  const raw = objectAt(value);
  if (typeof raw.after !== 'string') return undefined;
  let afterMs: number;
  try {
    afterMs = parseDuration(raw.after);
  } catch {
    return undefined;
  }
  return {
    afterMs,
    ...(typeof raw.channel === 'string' ? { channel: raw.channel } : {}),
    ...(typeof raw.mention === 'string' ? { mention: raw.mention } : {}),
  };
}

/**
 * Reads `approvers: { people, groups, slackUserGroups }`. Runs started before people.yaml existed may still carry
 * the old `users` / `slack.users` / `github.users` lists: those identities are read as persons of
 * their own (`cli:alice`, `slack:U…`), so such a run can still be approved by them. The old
 * claimed groups, teams and channels name nobody in the directory and so admit nobody (never
 * everybody).
 */
export function readApprovalSpec(
  withValue: JsonObject,
  timeoutMs: number | undefined,
): ApprovalSpec {
  const approvers = objectAt(withValue.approvers);
  const slack = objectAt(approvers.slack);
  const github = objectAt(approvers.github);
  const people = [
    ...strings(approvers.people),
    ...strings(approvers.users).map(qualified('cli')),
    ...strings(slack.users).map(qualified('slack')),
    ...strings(github.users).map(qualified('github')),
  ];
  const groups = [
    ...strings(approvers.groups),
    ...strings(slack.groups).map(qualified('slack')),
    ...strings(slack.channels).map(qualified('slack')),
    ...strings(github.teams).map(qualified('github')),
  ];
  const slackUserGroups = strings(approvers.slackUserGroups);
  const required = typeof withValue.required === 'number' ? withValue.required : 1;
  const escalateAfter = readEscalation(withValue.escalateAfter);
  return {
    message: typeof withValue.message === 'string' ? withValue.message : 'Approve to continue',
    approvers: { people, groups, ...(slackUserGroups.length === 0 ? {} : { slackUserGroups }) },
    required,
    allowSelfApproval: withValue.allowSelfApproval === true,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    onTimeout:
      withValue.onTimeout === 'skip' || withValue.onTimeout === 'approve'
        ? withValue.onTimeout
        : 'reject',
    verified: withValue.verified === true,
    ...(escalateAfter === undefined ? {} : { escalateAfter }),
  };
}

export interface PendingApproval {
  readonly key: string;
  readonly stepId: string;
  readonly spec: ApprovalSpec;
  readonly approvals: ApprovalVote[];
  rejection?: ApprovalVote;
}

/** What a vote is judged against: who started the run, who is who, and how to check signatures. */
export interface VoteContext {
  /** The identity that started the run (`trigger.actor`, e.g. `cli:alice-laptop`). */
  readonly starter: string;
  readonly people: PeopleDirectory;
  readonly verification: VoteVerification;
}

/** `cli:alice-laptop (alice)`, or the identity alone when it is a person of its own. */
function whoIs(identity: string, person: string): string {
  return identity === person ? identity : `${identity} (${person})`;
}

/**
 * Why a vote is refused, or `undefined` when it may be counted. A signed vote whose signature or
 * time does not hold is refused first, whatever the step says; a step with `verified: true` refuses
 * unsigned votes (see vote-check.ts). Votes are counted per person: the voter's identity maps to a
 * person through the directory, an unmapped identity is a person of its own. Pure: the Update
 * validators and the signal handler both call it.
 */
export function refuseVote(
  pending: readonly PendingApproval[],
  decision: ApprovalDecision,
  run: VoteContext,
  kind: 'approve' | 'reject',
): string | undefined {
  if (typeof decision?.approver !== 'string' || decision.approver.trim() === '') {
    return 'the approver identity is missing; pass who is deciding (e.g. --as alice)';
  }
  if (pending.length === 0) return 'no step of this run is waiting for approval';
  const target = findTarget(pending, decision.stepId);
  if (typeof target === 'string') return target;
  const signed = signatureOf(target, decision, run.verification, kind);
  if (signed.refusal !== undefined) return signed.refusal;
  const { spec } = target;
  const person = personOf(run.people, decision.approver);
  const who = whoIs(decision.approver, person);
  const slackGroups = spec.approvers.slackUserGroups ?? [];
  const anyone =
    spec.approvers.people.length === 0 &&
    spec.approvers.groups.length === 0 &&
    slackGroups.length === 0;
  if (
    !anyone &&
    !isListed(run.people, spec.approvers, person) &&
    !signedMemberOf(slackGroups, decision, signed.verified)
  ) {
    return `${who} may not decide step "${target.stepId}"; allowed: ${describeStepApprovers(spec.approvers)}${unsignedGroupsNote(slackGroups, decision, signed.verified)}`;
  }
  const starter = personOf(run.people, run.starter);
  if (kind === 'approve' && !spec.allowSelfApproval && person === starter) {
    return `${who} started this run${run.starter === decision.approver ? '' : ` (as ${run.starter})`} and step "${target.stepId}" forbids self-approval (allowSelfApproval: false); ask another approver`;
  }
  const earlier = target.approvals.find((vote) => vote.by === person);
  if (earlier !== undefined) {
    return `${person} already approved step "${target.stepId}"${earlier.identity === undefined || earlier.identity === decision.approver ? '' : ` as ${earlier.identity}`}; it needs ${spec.required} different approvers`;
  }
  return undefined;
}

/**
 * Whether the decision carries a membership of one of the step's Slack user groups that runbook
 * server signed. A membership the vote merely claims (unsigned) never counts: only the server asks
 * Slack, and its signature covers the memberships it found.
 */
function signedMemberOf(
  stepGroups: readonly string[],
  decision: ApprovalDecision,
  verified: boolean,
): boolean {
  if (!verified || !Array.isArray(decision.slackUserGroups)) return false;
  return decision.slackUserGroups.some((group) => stepGroups.includes(group));
}

/** Why claimed memberships did not count, when the vote claims some without a signature. */
function unsignedGroupsNote(
  stepGroups: readonly string[],
  decision: ApprovalDecision,
  verified: boolean,
): string {
  if (verified || stepGroups.length === 0 || !Array.isArray(decision.slackUserGroups)) return '';
  if (decision.slackUserGroups.length === 0) return '';
  return ' (a Slack user group membership counts only in a vote signed by runbook server: vote from Slack)';
}

/** `describeApprovers`, with the step's Slack user groups. */
function describeStepApprovers(approvers: Approvers): string {
  return [
    describeApprovers(approvers),
    ...(approvers.slackUserGroups ?? []).map((id) => `Slack user group <!subteam^${id}>`),
  ]
    .filter((part) => part !== '')
    .join(', ');
}

/** The verdict on the signature of a vote for `target` (see vote-check.ts). */
export function signatureOf(
  target: PendingApproval,
  decision: ApprovalDecision,
  verification: VoteVerification,
  kind: 'approve' | 'reject',
): SignatureVerdict {
  return judgeSignature(
    decision,
    { key: target.key, stepId: target.stepId, verifiedOnly: target.spec.verified },
    kind,
    verification,
  );
}

/** The waiting step a decision is for, or a message saying why there is none. */
export function findTarget(
  pending: readonly PendingApproval[],
  stepId: string | undefined,
): PendingApproval | string {
  if (stepId === undefined) {
    const [only, ...others] = pending;
    if (only === undefined) return 'no step of this run is waiting for approval';
    if (others.length > 0) {
      return `several steps are waiting (${pending.map((p) => p.stepId).join(', ')}); name one with --step`;
    }
    return only;
  }
  const match = pending.find((p) => p.stepId === stepId || p.key === stepId);
  return (
    match ??
    `step "${stepId}" is not waiting for approval (waiting: ${pending.map((p) => p.stepId).join(', ')})`
  );
}
