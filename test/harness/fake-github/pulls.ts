// Pull requests (`/repos/{o}/{r}/pulls/{n}` and its `/files`), shaped like GitHub's
// `pull-request` and `diff-entry` schemas: enough for octokit, with Link-header pagination.
import type { FakeGithub } from './server.js';

export interface FakePull {
  readonly repo: string;
  readonly number: number;
  head: { sha: string; ref: string; repo: string };
  base: { sha: string; ref: string };
  /** Changed paths, as `pulls/{n}/files` lists them. */
  files: string[];
  state: 'open' | 'closed';
  merged: boolean;
  mergeCommitSha: string | null;
  labels: string[];
}

export interface PullStore {
  readonly all: FakePull[];
  add(pull: FakePull): FakePull;
}

function shape(fake: FakeGithub, p: FakePull) {
  const [owner = '', name = ''] = p.repo.split('/');
  const repo = (fullName: string) => ({
    id: 1296269,
    name: fullName.split('/')[1] ?? name,
    full_name: fullName,
    owner: { login: fullName.split('/')[0] ?? owner, id: 1, type: 'User' },
    private: false,
  });
  return {
    url: `${fake.url}/repos/${p.repo}/pulls/${p.number}`,
    id: 1_000_000 + p.number,
    node_id: `PR_${p.number}`,
    html_url: `https://github.com/${p.repo}/pull/${p.number}`,
    number: p.number,
    state: p.state,
    locked: false,
    title: `Pull request ${p.number}`,
    user: { login: 'octocat', id: 1, type: 'User' },
    body: null,
    labels: p.labels.map((label, i) => ({ id: i + 1, name: label, color: 'ededed' })),
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    merged: p.merged,
    merge_commit_sha: p.mergeCommitSha,
    head: {
      label: `${owner}:${p.head.ref}`,
      ref: p.head.ref,
      sha: p.head.sha,
      repo: repo(p.head.repo),
    },
    base: { label: `${owner}:${p.base.ref}`, ref: p.base.ref, sha: p.base.sha, repo: repo(p.repo) },
    draft: false,
    changed_files: p.files.length,
  };
}

export function installPulls(fake: FakeGithub): PullStore {
  const all: FakePull[] = [];
  const find = (params: Record<string, string>) =>
    all.find(
      (p) => p.repo === `${params.owner}/${params.repo}` && p.number === Number(params.number),
    );
  fake.route('GET', '/repos/:owner/:repo/pulls/:number', ({ params }) => {
    const pull = find(params);
    return pull === undefined ? [404, { message: 'Not Found' }] : [200, shape(fake, pull)];
  });
  fake.route('GET', '/repos/:owner/:repo/pulls/:number/files', ({ params, query }) => {
    const pull = find(params);
    if (pull === undefined) return [404, { message: 'Not Found' }];
    const perPage = Math.min(Number(query.get('per_page') ?? 30), 100);
    const page = Number(query.get('page') ?? 1);
    const slice = pull.files.slice((page - 1) * perPage, page * perPage);
    const body = slice.map((filename, i) => ({
      sha: `${(i + 1).toString(16).padStart(40, '0')}`,
      filename,
      status: 'modified',
      additions: 1,
      deletions: 0,
      changes: 1,
      blob_url: `https://github.com/${pull.repo}/blob/${pull.head.sha}/${filename}`,
      raw_url: `https://github.com/${pull.repo}/raw/${pull.head.sha}/${filename}`,
      contents_url: `${fake.url}/repos/${pull.repo}/contents/${filename}?ref=${pull.head.sha}`,
      patch: '@@ -1 +1 @@',
    }));
    const last = Math.max(1, Math.ceil(pull.files.length / perPage));
    const link = (n: number, rel: string) =>
      `<${fake.url}/repos/${pull.repo}/pulls/${pull.number}/files?per_page=${perPage}&page=${n}>; rel="${rel}"`;
    const links = page < last ? [link(page + 1, 'next'), link(last, 'last')] : [];
    return [200, body, links.length === 0 ? {} : { link: links.join(', ') }];
  });
  return {
    all,
    add(pull) {
      all.push(pull);
      return pull;
    },
  };
}
