/** `github.commitStatus`: sets the status of a commit for one context. */
import { CommitStatusInput } from '../../runbook/actions/index.js';
import { compact } from './compact.js';
import { githubCall } from './errors.js';
import { type GithubEnv, parseGithubInput } from './github-env.js';
import type { GithubResult } from './types.js';

const ACTION = 'github.commitStatus';

export async function commitStatus(env: GithubEnv, raw: unknown): Promise<GithubResult> {
  const input = parseGithubInput(ACTION, CommitStatusInput, raw);
  const { octokit, owner, repo, repository } = await env.target(ACTION, input.repository);
  const { data } = await githubCall(
    {
      action: ACTION,
      repository,
      what: `set status "${input.context}" of ${input.sha}`,
      object: `commit ${input.sha}`,
      permission: 'statuses: write',
    },
    () =>
      octokit.rest.repos.createCommitStatus(
        compact({
          owner,
          repo,
          sha: input.sha,
          state: input.state,
          context: input.context,
          description: input.description,
          target_url: input.targetUrl,
        }),
      ),
  );
  return {
    outputs: {
      id: data.id,
      url: data.url,
      state: data.state,
      context: data.context,
      sha: input.sha,
    },
  };
}
