// Pull requests (`/repos/{o}/{r}/pulls/{n}` and `/pulls/{n}/files`), shaped like GitHub's
// `pull-request` and `diff-entry` schemas. The files list pages like GitHub's: `per_page`
// (default 30, at most 100), `page`, and a `Link` header with rel="next" / rel="last".
import type { FakeGithub } from './server.js';

export interface FakePullFile {
  readonly filename: string;
  readonly status: 'added' | 'removed' | 'modified' | 'renamed';
  readonly previous_filename?: string;
}

export interface FakePull {
  readonly repo: string;
  readonly number: number;
  headSha: string;
  readonly headRef: string;
  /** `owner/name` of the head repository: another one for a fork. */
  readonly headRepo: string;
  readonly baseRef: string;
  baseSha: string;
  files: FakePullFile[];
  labels: string[];
  readonly user: string;
}

export interface PullStore {
  readonly all: FakePull[];
  add(pull: FakePull): FakePull;
}

function shape(fake: FakeGithub, pull: FakePull) {
  const [owner = '', name = ''] = pull.repo.split('/');
  const repo = (fullName: string) => ({
    id: 1296269,
    name: fullName.split('/')[1],
    full_name: fullName,
    owner: { login: fullName.split('/')[0], id: 1, type: 'Organization' },
    private: false,
    default_branch: 'main',
  });
  return {
    url: `${fake.url}/repos/${pull.repo}/pulls/${pull.number}`,
    id: 1_000_000 + pull.number,
    number: pull.number,
    state: 'open',
    title: `Pull request ${pull.number}`,
    user: { login: pull.user, id: 2, type: 'User' },
    labels: pull.labels.map((label, i) => ({ id: i + 1, name: label, color: 'ededed' })),
    head: {
      label: `${owner}:${pull.headRef}`,
      ref: pull.headRef,
      sha: pull.headSha,
      repo: repo(pull.headRepo),
    },
    base: {
      label: `${owner}:${pull.baseRef}`,
      ref: pull.baseRef,
      sha: pull.baseSha,
      repo: repo(`${owner}/${name}`),
    },
    merged: false,
    merge_commit_sha: null,
    changed_files: pull.files.length,
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
    const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? 30)));
    const page = Math.max(1, Number(query.get('page') ?? 1));
    const files = pull.files.slice(0, 3000);
    const last = Math.max(1, Math.ceil(files.length / perPage));
    const link = (n: number, rel: string) =>
      `<${fake.url}/repos/${pull.repo}/pulls/${pull.number}/files?per_page=${perPage}&page=${n}>; rel="${rel}"`;
    const links = page < last ? [link(page + 1, 'next'), link(last, 'last')] : [];
    const body = files.slice((page - 1) * perPage, page * perPage).map((f, i) => ({
      sha: `${String(i).padStart(40, '0')}`,
      filename: f.filename,
      status: f.status,
      additions: 1,
      deletions: f.status === 'removed' ? 1 : 0,
      changes: 1,
      blob_url: `https://github.com/${pull.repo}/blob/${pull.headSha}/${f.filename}`,
      ...(f.previous_filename === undefined ? {} : { previous_filename: f.previous_filename }),
    }));
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
