// Releases (`/repos/{o}/{r}/releases`), shaped like GitHub's `release` schema: create (422
// `already_exists` for a tag that has one), get by id or tag (drafts have no public tag), delete.
import type { FakeGithub } from './server.js';
import { repoOf, validationFailed } from './shapes.js';

export interface FakeRelease {
  readonly id: number;
  readonly repo: string;
  readonly tag_name: string;
  readonly target_commitish: string;
  readonly name: string | null;
  readonly body: string | null;
  readonly draft: boolean;
  readonly prerelease: boolean;
  readonly generated: boolean;
}

export interface ReleaseStore {
  readonly all: FakeRelease[];
  byTag(repo: string, tag: string): FakeRelease | undefined;
}

function shape(fake: FakeGithub, r: FakeRelease) {
  const now = new Date().toISOString();
  const api = `${fake.url}/repos/${r.repo}/releases/${r.id}`;
  return {
    url: api,
    html_url: `https://github.com/${r.repo}/releases/tag/${encodeURIComponent(r.tag_name)}`,
    assets_url: `${api}/assets`,
    upload_url: `${fake.url}/repos/${r.repo}/releases/${r.id}/assets{?name,label}`,
    tarball_url: `${fake.url}/repos/${r.repo}/tarball/${r.tag_name}`,
    zipball_url: `${fake.url}/repos/${r.repo}/zipball/${r.tag_name}`,
    id: r.id,
    node_id: `RE_${r.id}`,
    tag_name: r.tag_name,
    target_commitish: r.target_commitish,
    name: r.name,
    body: r.body,
    draft: r.draft,
    prerelease: r.prerelease,
    created_at: now,
    published_at: r.draft ? null : now,
    author: fake.actor,
    assets: [],
  };
}

export function installReleases(fake: FakeGithub): ReleaseStore {
  const all: FakeRelease[] = [];
  fake.route('POST', '/repos/:owner/:repo/releases', ({ params, body }) => {
    if (typeof body.tag_name !== 'string' || body.tag_name === '') {
      return validationFailed('Release', 'tag_name', 'missing_field');
    }
    const repo = repoOf(params);
    if (all.some((r) => r.repo === repo && r.tag_name === body.tag_name)) {
      return validationFailed('Release', 'tag_name', 'already_exists');
    }
    const generated = body.generate_release_notes === true;
    const notes = generated ? `## What's Changed\n* Generated notes for ${body.tag_name}\n` : '';
    const release: FakeRelease = {
      id: fake.nextId(),
      repo,
      tag_name: body.tag_name,
      target_commitish: typeof body.target_commitish === 'string' ? body.target_commitish : 'main',
      name: typeof body.name === 'string' ? body.name : null,
      body: `${notes}${typeof body.body === 'string' ? body.body : ''}` || null,
      draft: body.draft === true,
      prerelease: body.prerelease === true,
      generated,
    };
    all.push(release);
    return [201, shape(fake, release)];
  });
  fake.route('GET', '/repos/:owner/:repo/releases/tags/:tag', ({ params }) => {
    const r = all.find((x) => x.repo === repoOf(params) && x.tag_name === params.tag && !x.draft);
    return r === undefined ? [404, { message: 'Not Found' }] : [200, shape(fake, r)];
  });
  fake.route('GET', '/repos/:owner/:repo/releases/:id', ({ params }) => {
    const r = all.find((x) => x.repo === repoOf(params) && x.id === Number(params.id));
    return r === undefined ? [404, { message: 'Not Found' }] : [200, shape(fake, r)];
  });
  fake.route('DELETE', '/repos/:owner/:repo/releases/:id', ({ params }) => {
    const index = all.findIndex((x) => x.repo === repoOf(params) && x.id === Number(params.id));
    if (index === -1) return [404, { message: 'Not Found' }];
    all.splice(index, 1);
    return [204, undefined];
  });
  return {
    all,
    byTag: (repo, tag) => all.find((r) => r.repo === repo && r.tag_name === tag),
  };
}
