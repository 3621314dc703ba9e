/**
 * `github.createPullRequest` opens a pull request; `github.mergePullRequest` merges one, and with
 * `sha:` only while its head is still that commit (GitHub answers 409 otherwise), so what is
 * merged is what was reviewed or tested.
 */
import { CreatePullRequestInput, MergePullRequestInput } from '../../runbook/actions/index.js';
import { compact } from './compact.js';
import { githubCall } from './errors.js';
import { type GithubEnv, idOf, parseGithubInput } from './github-env.js';
import type { GithubResult } from './types.js';

const CREATE = 'github.createPullRequest';
const MERGE = 'github.mergePullRequest';

export async function createPullRequest(env: GithubEnv, raw: unknown): Promise<GithubResult> {
  const input = parseGithubInput(CREATE, CreatePullRequestInput, raw);
  const { octokit, owner, repo, repository } = await env.target(CREATE, input.repository);
  const { data } = await githubCall(
    {
      action: CREATE,
      repository,
      what: `open a pull request from ${input.head} into ${input.base}`,
      object: `branches ${input.head} and ${input.base}`,
      permission: 'pull_requests: write',
    },
    () =>
      octokit.rest.pulls.create(
        compact({
          owner,
          repo,
          head: input.head,
          base: input.base,
          title: input.title,
          body: input.body,
          draft: input.draft,
          maintainer_can_modify: input.maintainerCanModify,
        }),
      ),
  );
  return {
    outputs: {
      number: data.number,
      id: data.id,
      url: data.html_url,
      state: data.state,
      headSha: data.head.sha,
    },
  };
}

export async function mergePullRequest(env: GithubEnv, raw: unknown): Promise<GithubResult> {
  const input = parseGithubInput(MERGE, MergePullRequestInput, raw);
  const { octokit, owner, repo, repository } = await env.target(MERGE, input.repository);
  const number = idOf(input.number);
  const { data } = await githubCall(
    {
      action: MERGE,
      repository,
      what: `${input.method}-merge pull request #${number}${input.sha === undefined ? '' : ` at ${input.sha}`} (a 405 means it is not mergeable: checks, reviews or conflicts; a 409 that its head moved)`,
      object: `pull request #${number}`,
      permission: 'contents: write and pull_requests: write',
    },
    () =>
      octokit.rest.pulls.merge(
        compact({
          owner,
          repo,
          pull_number: number,
          merge_method: input.method,
          sha: input.sha,
          commit_title: input.commitTitle,
          commit_message: input.commitMessage,
        }),
      ),
  );
  return { outputs: { number, merged: data.merged, sha: data.sha, message: data.message } };
}
