// One comment per pull request, found again by a hidden marker at its start and edited in place,
// so every push updates the same comment and a redelivery never adds a second one.
import type { GithubClient } from '../../integrations/github/octokit.js';

export interface StickyComment {
  readonly octokit: GithubClient;
  readonly owner: string;
  readonly repo: string;
  readonly issue: number;
  /** An HTML comment, e.g. `<!-- runbook-runner:plan -->`; the body must start with it. */
  readonly marker: string;
}

/** What happened: created, updated, or left alone (the body was already this). */
export type StickyOutcome = 'created' | 'updated' | 'unchanged';

/** The id and body of our comment, or undefined. Only comments by a bot count (users can quote the marker). */
async function findSticky(
  target: StickyComment,
): Promise<{ id: number; body: string } | undefined> {
  const { octokit, owner, repo, issue, marker } = target;
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issue,
    per_page: 100,
  })) {
    for (const comment of page.data) {
      const body = comment.body ?? '';
      if (comment.user?.type === 'Bot' && body.startsWith(marker)) return { id: comment.id, body };
    }
  }
  return undefined;
}

/** Creates the comment, or edits the one already there. `body` must start with the marker. */
export async function upsertStickyComment(
  target: StickyComment,
  body: string,
): Promise<StickyOutcome> {
  if (!body.startsWith(target.marker))
    throw new Error(`sticky comment body must start with ${target.marker} (this is a bug)`);
  const { octokit, owner, repo, issue } = target;
  const found = await findSticky(target);
  if (found === undefined) {
    await octokit.rest.issues.createComment({ owner, repo, issue_number: issue, body });
    return 'created';
  }
  if (found.body === body) return 'unchanged';
  await octokit.rest.issues.updateComment({ owner, repo, comment_id: found.id, body });
  return 'updated';
}
