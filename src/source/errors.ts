// The errors of the source repository: reading RUNBOOK_REPO, fetching it into the local mirror,
// resolving refs and commits. Codes RB8001–RB8019 (docs/errors.md#source-repository).
import { RunbookError, type RunbookErrorKind } from '../runbook/errors.js';

export const SourceErrorCode = {
  /** RUNBOOK_REPO / --repo is not a clone URL or path this program accepts. */
  invalidRepository: 'RB8001',
  /** A ref (branch, tag, sha) is refused: it looks like an option or is not a valid ref name. */
  invalidRef: 'RB8002',
  /** The ref names no branch, tag or commit of the origin. */
  refNotFound: 'RB8003',
  /** The origin does not have the pinned commit (after fetching it and everything else). */
  commitNotFound: 'RB8004',
  /** git could not fetch from the origin (unreachable, refused credentials, not a repository). */
  fetchFailed: 'RB8005',
  /** Another process held the mirror's lock for longer than the wait. */
  mirrorBusy: 'RB8006',
  /** The origin's default branch could not be told (no HEAD symref, several branches). */
  defaultBranchUnknown: 'RB8007',
  /** The token provider (a GitHub App installation token) failed. */
  tokenUnavailable: 'RB8008',
} as const;

export type SourceErrorCodeValue = (typeof SourceErrorCode)[keyof typeof SourceErrorCode];

const KIND: Record<SourceErrorCodeValue, RunbookErrorKind> = {
  RB8001: 'usage',
  RB8002: 'usage',
  RB8003: 'usage',
  RB8004: 'usage',
  RB8005: 'environment',
  RB8006: 'environment',
  RB8007: 'environment',
  RB8008: 'environment',
};

/**
 * Thrown by src/source/: names the repository (never with credentials), the ref or sha, and what
 * to do. `permanent` says whether trying again can help: an activity turns a permanent one into a
 * non-retryable failure.
 */
export class SourceError extends RunbookError {
  readonly kind: RunbookErrorKind;
  constructor(
    readonly code: SourceErrorCodeValue,
    message: string,
    readonly repo: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`${message} [${code}]`, options);
    this.kind = KIND[code];
  }

  /** Whether the same call can succeed later (the origin answers again, the lock is freed). */
  get permanent(): boolean {
    return this.kind === 'usage';
  }
}
