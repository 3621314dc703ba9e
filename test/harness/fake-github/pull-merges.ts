// Pull requests as steps change them: create (`POST /repos/{o}/{r}/pulls`) and merge
// (`PUT /repos/{o}/{r}/pulls/{n}/merge`), shaped like GitHub's `pull-request` and
// `pull-request-merge-result` schemas, with GitHub's 405 (not mergeable) and 409 (head moved).
import type { FakeGithub } from './server.js';
import { repoOf, shaOf, validationFailed } from './shapes.js';

export interface FakeCreatedPull {
  readonly id: number;
  readonly number: number;
  readonly repo: string;
  readonly title: string;
  readonly body: string | null;
  readonly head: { ref: string; sha: string };
  readonly base: { ref: string; sha: string };
  readonly draft: boolean;
  state: 'open' | 'closed';
  merged: boolean;
  /** false: a merge answers 405 (failing checks, conflicts). */
  mergeable: boolean;
  mergeMethod?: string;
  mergeCommitSha?: string;
}

export interface CreatedPullStore {
  readonly all: FakeCreatedPull[];
  get(repo: string, number: number): FakeCreatedPull | undefined;
}

function shape(fake: FakeGithub, pr: FakeCreatedPull) {
  const now = new Date().toISOString();
  const owner = pr.repo.split('/')[0];
  return {
    url: `${fake.url}/repos/${pr.repo}/pulls/${pr.number}`,
    id: pr.id,
    node_id: `PR_${pr.id}`,
    html_url: `https://github.com/${pr.repo}/pull/${pr.number}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    body: pr.body,
    user: fake.actor,
    created_at: now,
    updated_at: now,
    closed_at: pr.state === 'closed' ? now : null,
    merged_at: pr.merged ? now : null,
    merge_commit_sha: pr.mergeCommitSha ?? null,
    draft: pr.draft,
    head: { label: `${owner}:${pr.head.ref}`, ref: pr.head.ref, sha: pr.head.sha },
    base: { label: `${owner}:${pr.base.ref}`, ref: pr.base.ref, sha: pr.base.sha },
    merged: pr.merged,
    mergeable: pr.mergeable,
  };
}

export function installPullMerges(fake: FakeGithub): CreatedPullStore {
  const all: FakeCreatedPull[] = [];
  const numbers = new Map<string, number>();
  fake.route('POST', '/repos/:owner/:repo/pulls', ({ params, body }) => {
    for (const field of ['title', 'head', 'base'] as const) {
      if (typeof body[field] !== 'string' || body[field] === '') {
        return validationFailed('PullRequest', field, 'missing_field');
      }
    }
    const repo = repoOf(params);
    const head = String(body.head);
    const base = String(body.base);
    if (head === base) {
      return validationFailed(
        'PullRequest',
        'base',
        'custom',
        `No commits between ${base} and ${head}`,
      );
    }
    if (all.some((p) => p.repo === repo && p.state === 'open' && p.head.ref === head)) {
      return validationFailed(
        'PullRequest',
        'head',
        'custom',
        `A pull request already exists for ${params.owner}:${head}.`,
      );
    }
    const number = (numbers.get(repo) ?? 0) + 1;
    numbers.set(repo, number);
    const pr: FakeCreatedPull = {
      id: fake.nextId(),
      number,
      repo,
      title: String(body.title),
      body: typeof body.body === 'string' ? body.body : null,
      head: { ref: head, sha: shaOf(head) },
      base: { ref: base, sha: shaOf(base) },
      draft: body.draft === true,
      state: 'open',
      merged: false,
      mergeable: true,
    };
    all.push(pr);
    return [201, shape(fake, pr)];
  });
  fake.route('GET', '/repos/:owner/:repo/pulls/:number', ({ params }) => {
    const pr = all.find((p) => p.repo === repoOf(params) && p.number === Number(params.number));
    return pr === undefined ? [404, { message: 'Not Found' }] : [200, shape(fake, pr)];
  });
  fake.route('PUT', '/repos/:owner/:repo/pulls/:number/merge', ({ params, body }) => {
    const pr = all.find((p) => p.repo === repoOf(params) && p.number === Number(params.number));
    if (pr === undefined) return [404, { message: 'Not Found' }];
    if (pr.merged || pr.state !== 'open' || !pr.mergeable) {
      return [405, { message: 'Pull Request is not mergeable' }];
    }
    if (typeof body.sha === 'string' && body.sha !== pr.head.sha) {
      return [409, { message: 'Head branch was modified. Review and try the merge again.' }];
    }
    const method = typeof body.merge_method === 'string' ? body.merge_method : 'merge';
    if (!['merge', 'squash', 'rebase'].includes(method)) {
      return validationFailed('PullRequest', 'merge_method', 'invalid');
    }
    pr.merged = true;
    pr.state = 'closed';
    pr.mergeMethod = method;
    pr.mergeCommitSha = shaOf(`${pr.repo}#${pr.number}:merged`);
    return [
      200,
      { sha: pr.mergeCommitSha, merged: true, message: 'Pull Request successfully merged' },
    ];
  });
  return {
    all,
    get: (repo, number) => all.find((p) => p.repo === repo && p.number === number),
  };
}
