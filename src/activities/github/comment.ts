/**
 * `github.comment`: posts a comment on an issue or pull request, edits one by id (`update:`), or
 * keeps one sticky comment per `marker:` — the comment carrying the marker is edited in place,
 * and posted only when none does, so a step run again never adds a second one.
 */
import { CommentInput } from '../../runbook/actions/index.js';
import { githubCall } from './errors.js';
import { type GithubEnv, idOf, parseGithubInput } from './github-env.js';
import type { GithubResult } from './types.js';

const ACTION = 'github.comment';

/** The hidden line that marks a sticky comment. */
export function stickyMarker(marker: string): string {
  return `<!-- runbook-runner:sticky:${marker} -->`;
}

export async function comment(env: GithubEnv, raw: unknown): Promise<GithubResult> {
  const input = parseGithubInput(ACTION, CommentInput, raw);
  const { octokit, owner, repo, repository } = await env.target(ACTION, input.repository);
  const issue = idOf(input.issue);
  const context = (what: string, object = `issue or pull request #${issue}`) => ({
    action: ACTION,
    repository,
    what,
    object,
    permission: 'issues: write (pull_requests: write on a pull request)',
  });
  const line = input.marker === undefined ? undefined : stickyMarker(input.marker);
  const body = line === undefined ? input.body : `${input.body}\n\n${line}`;

  let existing = input.update === undefined ? undefined : idOf(input.update);
  if (line !== undefined) {
    existing = await githubCall(context(`list the comments of #${issue}`), async () => {
      let found: number | undefined;
      for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
        owner,
        repo,
        issue_number: issue,
        per_page: 100,
      })) {
        for (const item of page.data) if (item.body?.includes(line) === true) found ??= item.id;
      }
      return found;
    });
  }
  if (existing !== undefined) {
    const id = existing;
    const { data } = await githubCall(
      context(`edit comment ${id} on #${issue}`, `comment ${id}`),
      () => octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body }),
    );
    return { outputs: { id: data.id, url: data.html_url, issue, created: false } };
  }
  const { data } = await githubCall(context(`comment on #${issue}`), () =>
    octokit.rest.issues.createComment({ owner, repo, issue_number: issue, body }),
  );
  return { outputs: { id: data.id, url: data.html_url, issue, created: true } };
}
