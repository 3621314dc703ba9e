// The GitHub events `runbook server` acts on, by event name. The receiver (receiver.ts) verifies,
// deduplicates and answers; then every handler listed for the event's name runs in the
// background, one after the other. A handler validates the payload fields it reads (they are
// hostile input) and ignores actions it does not handle.
import type { GithubClient } from '../../integrations/github/octokit.js';
import type { RunbookCatalog } from '../../source/catalog.js';
import type { ServerContext } from '../types.js';
import { onIssueComment } from './comment-runs.js';
import { onPullRequestMerged } from './merge-runs.js';
import { pullRequestCheckHandler } from './pull-request-check.js';

/** One verified, first-seen delivery. */
export interface GithubEvent {
  /** `X-GitHub-Event`, e.g. `pull_request`. */
  readonly name: string;
  /** `X-GitHub-Delivery`: unique per delivery, the same on a redelivery. */
  readonly delivery: string;
  /** The parsed JSON body: not validated; each handler validates what it reads. */
  // biome-ignore lint/suspicious/noExplicitAny: hostile JSON, validated by each handler with zod
  readonly payload: any;
}

export interface GithubDeps {
  readonly context: ServerContext;
  /** A REST client for the repository (a token, or the App's installation token). */
  octokit(owner: string, repo: string): Promise<GithubClient>;
  readonly catalog: RunbookCatalog;
  readonly settings: {
    /** The source repository, `owner/name`: events from any other repository are refused. */
    readonly repository: { readonly owner: string; readonly name: string };
    readonly defaultBranch?: string;
    /** The Temporal Web UI, for links in comments and check runs. */
    readonly webUiUrl?: string;
  };
}

export type GithubEventHandler = (event: GithubEvent, deps: GithubDeps) => Promise<void>;

/**
 * Handlers by event name. `pull_request` opened/synchronize/reopened → the plan check;
 * the merge handler (`pull_request` closed+merged) and `issue_comment` add themselves here.
 */
export const GITHUB_EVENT_HANDLERS: Record<string, GithubEventHandler[]> = {
  pull_request: [pullRequestCheckHandler, onPullRequestMerged],
  issue_comment: [onIssueComment],
};
