// The paths a pull request changes (`GET /repos/{o}/{r}/pulls/{n}/files`, every page; both sides
// of a rename), bounded the way GitHub bounds the list.
import type { GithubClient } from '../../integrations/github/octokit.js';

/** GitHub lists at most 3000 files of a pull request. */
const MAX_FILES = 3000;
const MAX_PATH_LENGTH = 1024;

export async function pullRequestPaths(
  octokit: GithubClient,
  owner: string,
  repo: string,
  pullNumber: number,
): Promise<string[]> {
  const paths = new Set<string>();
  let listed = 0;
  for await (const page of octokit.paginate.iterator(octokit.rest.pulls.listFiles, {
    owner,
    repo,
    pull_number: pullNumber,
    per_page: 100,
  })) {
    for (const file of page.data) {
      listed += 1;
      for (const path of [file.filename, file.previous_filename]) {
        if (typeof path === 'string' && path.length <= MAX_PATH_LENGTH) paths.add(path);
      }
    }
    if (listed >= MAX_FILES) break;
  }
  return [...paths].sort();
}
