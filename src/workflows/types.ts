import type { JsonValue, RunbookDefinition, StepKind } from '../runbook/model.js';
import type { Approvers, PeopleDirectory } from '../runbook/people/model.js';
import type { VoteSignature } from '../runbook/votes/index.js';

/** Where the definition came from: a commit of a git repository, or an uncommitted file. */
export interface RunSource {
  /** Absolute path (or URL) of the repository the worker checks out steps from. */
  readonly repo: string;
  /** The pinned commit, or `null` for an uncommitted file (then `contentHash` is set). */
  readonly commit: string | null;
  /** The runbook file, relative to the repository root (or absolute when uncommitted). */
  readonly path: string;
  /** sha256 of the file's bytes for uncommitted runs. */
  readonly contentHash?: string;
  /** Folder steps run in when uncommitted: the file's folder. */
  readonly dir?: string;
}

export type TriggerKind = 'cli' | 'slack' | 'github' | 'merge' | 'schedule' | 'parent';

export interface RunTrigger {
  readonly kind: TriggerKind;
  /** Who started the run, e.g. `cli:alice`, `slack:U024BE7LH`, `github:octocat`. */
  readonly actor: string;
}

/** Everything a run needs, validated before the workflow starts: plain JSON only. */
export interface RunbookRunInput {
  readonly definition: RunbookDefinition;
  /** Typed, validated params; a `secret` param holds its reference (`env:NAME`), never a value. */
  readonly params: Readonly<Record<string, JsonValue>>;
  readonly source: RunSource;
  readonly trigger: RunTrigger;
  /** Child runbooks (`runbook:` steps) resolved from the same commit, by name. */
  readonly runbooks?: Readonly<Record<string, RunbookDefinition>>;
  /** Who is who (the people.yaml pinned with the runbook); absent in old runs: no directory. */
  readonly people?: PeopleDirectory;
  /**
   * A run started by a merge: the plan hash reviewers saw on the pull request and the one at the
   * merge commit. When they differ the run waits at the plan-binding gate before any step.
   */
  readonly planBinding?: PlanBinding;
}

/** What a merge-started run was reviewed as, and what it is now (see docs/github.md). */
export interface PlanBinding {
  /** The plan hash at the pull request's last head (shown in its plan comment). */
  readonly reviewed: string;
  /** The plan hash at the merge commit: what this run would execute. */
  readonly actual: string;
  /** A short, bounded description of what changed between the two (empty when equal). */
  readonly difference: readonly string[];
}

export type RunStatus =
  | 'Queued'
  | 'Running'
  | 'WaitingApproval'
  | 'RollingBack'
  | 'Succeeded'
  | 'Failed'
  | 'RolledBack'
  | 'RollbackFailed'
  | 'Cancelled';

export const FINAL_RUN_STATUSES: readonly RunStatus[] = [
  'Succeeded',
  'Failed',
  'RolledBack',
  'RollbackFailed',
  'Cancelled',
];

export type StepStatus =
  | 'Pending'
  | 'Running'
  | 'Succeeded'
  | 'Failed'
  | 'Skipped'
  | 'RolledBack'
  | 'RollbackFailed'
  | 'WaitingApproval'
  | 'Cancelled';

export interface ApprovalVote {
  /** The person the vote counts for (see people.yaml); an unmapped identity is its own person. */
  readonly by: string;
  /** The channel-qualified identity that voted, e.g. `cli:alice-laptop` (absent in old runs). */
  readonly identity?: string;
  readonly at: number;
  readonly reason?: string;
  /**
   * Whether runbook server signed the vote and the run verified it (a Slack or GitHub vote);
   * `false` for a vote sent straight to Temporal (`runbook approve`); absent in old runs.
   */
  readonly verified?: boolean;
}

/**
 * What an approval step waits for, as progress shows it while it waits: enough for a notifier
 * (Slack) to draw the buttons and escalate without reading the runbook again.
 */
export interface ApprovalProgress {
  readonly message: string;
  readonly required: number;
  readonly approvers: Approvers;
  readonly allowSelfApproval: boolean;
  /** Only votes signed by runbook server count (`verified: true`). */
  readonly verified: boolean;
  /** When the step began to wait (epoch ms, the workflow's clock). */
  readonly waitingSince: number;
  /** `escalateAfter.after`: escalate when no decision came by `waitingSince + escalateAfterMs`. */
  readonly escalateAfterMs?: number;
  readonly escalateChannel?: string;
  readonly escalateMention?: string;
  /** When the step's `timeout` runs out (epoch ms), if it has one. */
  readonly timeoutAt?: number;
  readonly onTimeout: 'reject' | 'skip' | 'approve';
}

export interface StepProgress {
  /** Unique per execution: the step id, with `[i]` per `forEach` iteration. */
  readonly key: string;
  readonly id: string;
  readonly name?: string;
  readonly kind: StepKind;
  readonly action?: string;
  /** Nesting depth, for drawing a tree. */
  readonly depth: number;
  status: StepStatus;
  attempt: number;
  startedAt?: number;
  finishedAt?: number;
  /** A short summary of outputs (values truncated). */
  outputs?: Record<string, string>;
  error?: string;
  approvals?: ApprovalVote[];
  rejection?: ApprovalVote;
  required?: number;
  /** Set when the step is an approval, from the moment it waits. */
  approval?: ApprovalProgress;
  rollback?: { status: 'Running' | 'Succeeded' | 'Failed'; error?: string };
}

export interface RunFailure {
  readonly step: string;
  readonly reason: string;
  readonly status: string;
}

export interface RunProgress {
  readonly runbook: string;
  readonly commit: string | null;
  readonly triggeredBy: string;
  status: RunStatus;
  reason?: string;
  failure?: RunFailure;
  /** While `spec.concurrency` makes this run wait: the key, who holds it, our place in line. */
  queue?: { key: string; holder: string; position: number };
  startedAt: number;
  finishedAt?: number;
  steps: StepProgress[];
  /** For a merge-started run: the reviewed and actual plan hashes and how they differ. */
  planBinding?: PlanBinding;
}

/** The workflow's result (also carried as the failure details when a run does not succeed). */
export interface RunbookRunResult {
  readonly status: RunStatus;
  readonly reason?: string;
  readonly failure?: RunFailure;
  readonly outputs: Record<string, Record<string, JsonValue>>;
  readonly progress: RunProgress;
}

/** An `approve` / `reject` request, from the CLI, Slack, or the `approval` signal. */
export interface ApprovalDecision {
  /** The approval step; may be omitted when exactly one step is waiting. */
  readonly stepId?: string;
  /** Channel-qualified identity of who is deciding, e.g. `cli:alice` or `slack:U024BE7LH`. */
  readonly approver: string;
  readonly reason?: string;
  /**
   * runbook server's signature over {run id, step key, approver, decision, at}; a vote that carries
   * one is refused unless it verifies (docs/security.md#verified-votes).
   */
  readonly signature?: VoteSignature;
  /** When the vote was cast (epoch ms); required with `signature`, within 5 minutes of the run's clock. */
  readonly at?: number;
  /**
   * Those of the step's `approvers.slackUserGroups` the voter is a member of, as runbook server
   * asked Slack; covered by `signature`. Unsigned, it admits nobody.
   */
  readonly slackUserGroups?: readonly string[];
}
