/** One line of `runbook audit`: who did what to which run, and whether the history proves who. */
export interface AuditRecord {
  /** When it happened (RFC 3339, from the event or the run's clock for a vote). */
  readonly time: string;
  /** The run's workflow id. */
  readonly run: string;
  readonly runbook: string;
  /** The commit the run is pinned to, or `uncommitted:<content hash>`. */
  readonly commit: string;
  /** For a merge-started run: the plan hash at the merge commit. */
  readonly planHash?: string;
  readonly event: 'start' | 'vote' | 'cancel' | 'terminate';
  /** The identity: `cli:alice`, `slack:U024BE7LH`, `github:octocat`, or a Temporal client id. */
  readonly who: string;
  /** Whether the run verified `who` (a vote signed by runbook server); see docs/audit.md. */
  readonly verified: boolean;
  /** The channel it came through. */
  readonly via: AuditChannel;
  readonly detail: Readonly<Record<string, unknown>>;
}

export type AuditChannel = 'cli' | 'slack' | 'github' | 'schedule' | 'parent' | 'temporal';

/** The channel of a channel-qualified identity (`slack:U…` → slack); anything else is Temporal. */
export function channelOfIdentity(identity: string): AuditChannel {
  const prefix = identity.slice(0, identity.indexOf(':'));
  return prefix === 'cli' || prefix === 'slack' || prefix === 'github' ? prefix : 'temporal';
}

/** The channel of a run's trigger kind (a merge is GitHub). */
export function channelOfTrigger(kind: string): AuditChannel {
  switch (kind) {
    case 'cli':
    case 'slack':
    case 'github':
    case 'schedule':
    case 'parent':
      return kind;
    case 'merge':
      return 'github';
    default:
      return 'temporal';
  }
}
