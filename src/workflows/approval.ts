import type { JsonObject, JsonValue } from '../runbook/model.js';
import type { ApprovalDecision, ApprovalVote } from './types.js';

/** The `with:` of an `approval` step, after rendering. */
export interface ApprovalSpec {
  readonly message: string;
  readonly users: readonly string[];
  readonly groups: readonly string[];
  readonly required: number;
  readonly allowSelfApproval: boolean;
  readonly timeoutMs?: number;
  /** `skip` (the format's name) continues without the approval; `approve` counts as approved. */
  readonly onTimeout: 'reject' | 'skip' | 'approve';
}

function strings(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function objectAt(value: JsonValue | undefined): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

/**
 * Reads `approvers: { users, groups, slack: { users, groups }, github: { users, teams } }`.
 * Slack and GitHub identities are kept with their prefix (`slack:U…`, `github:octocat`) so
 * one list can hold people from every channel.
 */
export function readApprovalSpec(
  withValue: JsonObject,
  timeoutMs: number | undefined,
): ApprovalSpec {
  const approvers = objectAt(withValue.approvers);
  const slack = objectAt(approvers.slack);
  const github = objectAt(approvers.github);
  const users = [
    ...strings(approvers.users),
    ...strings(slack.users).map((u) => (u.startsWith('slack:') ? u : `slack:${u}`)),
    ...strings(github.users).map((u) => (u.startsWith('github:') ? u : `github:${u}`)),
  ];
  const groups = [
    ...strings(approvers.groups),
    ...strings(slack.groups).map((g) => (g.startsWith('slack:') ? g : `slack:${g}`)),
    ...strings(github.teams).map((t) => (t.startsWith('github:') ? t : `github:${t}`)),
  ];
  const required = typeof withValue.required === 'number' ? withValue.required : 1;
  return {
    message: typeof withValue.message === 'string' ? withValue.message : 'Approve to continue',
    users,
    groups,
    required,
    allowSelfApproval: withValue.allowSelfApproval === true,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    onTimeout:
      withValue.onTimeout === 'skip' || withValue.onTimeout === 'approve'
        ? withValue.onTimeout
        : 'reject',
  };
}

export interface PendingApproval {
  readonly key: string;
  readonly stepId: string;
  readonly spec: ApprovalSpec;
  readonly approvals: ApprovalVote[];
  rejection?: ApprovalVote;
}

/** Why a vote is refused, or `undefined` when it may be counted. Pure: used by update validators. */
export function refuseVote(
  pending: readonly PendingApproval[],
  decision: ApprovalDecision,
  runActor: string,
  kind: 'approve' | 'reject',
): string | undefined {
  if (typeof decision?.approver !== 'string' || decision.approver.trim() === '') {
    return 'the approver identity is missing; pass who is deciding (e.g. --as alice)';
  }
  if (pending.length === 0) return 'no step of this run is waiting for approval';
  const target = findTarget(pending, decision.stepId);
  if (typeof target === 'string') return target;
  const { spec } = target;
  const everyone = spec.users.length === 0 && spec.groups.length === 0;
  const named = spec.users.includes(decision.approver);
  const inGroup = (decision.groups ?? []).some((g) => spec.groups.includes(g));
  if (!everyone && !named && !inGroup) {
    const allowed = [...spec.users, ...spec.groups.map((g) => `group ${g}`)].join(', ');
    return `${decision.approver} may not decide step "${target.stepId}"; allowed: ${allowed}`;
  }
  if (kind === 'approve' && !spec.allowSelfApproval && decision.approver === runActor) {
    return `${decision.approver} started this run and step "${target.stepId}" forbids self-approval (allowSelfApproval: false); ask another approver`;
  }
  if (target.approvals.some((vote) => vote.by === decision.approver)) {
    return `${decision.approver} already approved step "${target.stepId}"; it needs ${spec.required} different approvers`;
  }
  return undefined;
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
