/**
 * `github.createRelease` creates a release (and its tag at `target` when the tag is new); its undo
 * record deletes the release again on rollback. The git tag stays: GitHub created it, and a tag
 * that existed before must not be removed by a rollback.
 */
import { CreateReleaseInput } from '../../runbook/actions/index.js';
import { compact } from './compact.js';
import { githubCall } from './errors.js';
import { type GithubEnv, parseGithubInput } from './github-env.js';
import type { GithubResult } from './types.js';

const ACTION = 'github.createRelease';

export async function createRelease(env: GithubEnv, raw: unknown): Promise<GithubResult> {
  const input = parseGithubInput(ACTION, CreateReleaseInput, raw);
  const { octokit, owner, repo, repository } = await env.target(ACTION, input.repository);
  const { data } = await githubCall(
    {
      action: ACTION,
      repository,
      what: `create release ${input.tag} (a 422 "already_exists" means the release exists)`,
      ...(input.target === undefined ? {} : { object: `target ${input.target}` }),
      permission: 'contents: write',
    },
    () =>
      octokit.rest.repos.createRelease(
        compact({
          owner,
          repo,
          tag_name: input.tag,
          target_commitish: input.target,
          name: input.name ?? input.tag,
          body: input.body,
          draft: input.draft,
          prerelease: input.prerelease,
          generate_release_notes: input.generateNotes,
          make_latest: input.makeLatest,
        }),
      ),
  );
  return {
    outputs: {
      id: data.id,
      url: data.html_url,
      apiUrl: data.url,
      uploadUrl: data.upload_url,
      tag: data.tag_name,
      draft: data.draft,
      prerelease: data.prerelease,
    },
    undo: { version: 1, action: 'release', repository, releaseId: data.id, tag: data.tag_name },
  };
}
