// Issue and pull request comments (`/repos/{o}/{r}/issues/{n}/comments`), shaped like GitHub's
// `issue-comment` schema: enough for octokit and for tests to read what was posted or edited.
import type { FakeGithub } from './server.js';

export interface FakeComment {
  readonly id: number;
  readonly repo: string;
  readonly issue: number;
  body: string;
  readonly user: { login: string; id: number; type: string };
  readonly created_at: string;
  updated_at: string;
  /** How many times the comment was edited (PATCH). */
  edits: number;
}

export interface CommentStore {
  readonly all: FakeComment[];
  on(repo: string, issue: number): FakeComment[];
}

function shape(fake: FakeGithub, comment: FakeComment) {
  return {
    id: comment.id,
    node_id: `IC_${comment.id}`,
    url: `${fake.url}/repos/${comment.repo}/issues/comments/${comment.id}`,
    html_url: `https://github.com/${comment.repo}/issues/${comment.issue}#issuecomment-${comment.id}`,
    issue_url: `${fake.url}/repos/${comment.repo}/issues/${comment.issue}`,
    body: comment.body,
    user: comment.user,
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    author_association: 'NONE',
  };
}

export function installComments(fake: FakeGithub): CommentStore {
  const all: FakeComment[] = [];
  const repoOf = (params: Record<string, string>) => `${params.owner}/${params.repo}`;
  fake.route('POST', '/repos/:owner/:repo/issues/:number/comments', ({ params, body }) => {
    if (typeof body.body !== 'string' || body.body === '') {
      return [
        422,
        {
          message: 'Validation Failed',
          errors: [{ resource: 'IssueComment', field: 'body', code: 'missing_field' }],
        },
      ];
    }
    const now = new Date().toISOString();
    const comment: FakeComment = {
      id: fake.nextId(),
      repo: repoOf(params),
      issue: Number(params.number),
      body: body.body,
      user: { ...fake.actor },
      created_at: now,
      updated_at: now,
      edits: 0,
    };
    all.push(comment);
    return [201, shape(fake, comment)];
  });
  fake.route('GET', '/repos/:owner/:repo/issues/:number/comments', ({ params, query }) => {
    const list = all.filter((c) => c.repo === repoOf(params) && c.issue === Number(params.number));
    const perPage = Number(query.get('per_page') ?? 30);
    const page = Number(query.get('page') ?? 1);
    return [200, list.slice((page - 1) * perPage, page * perPage).map((c) => shape(fake, c))];
  });
  fake.route('PATCH', '/repos/:owner/:repo/issues/comments/:id', ({ params, body }) => {
    const comment = all.find((c) => c.repo === repoOf(params) && c.id === Number(params.id));
    if (comment === undefined) return [404, { message: 'Not Found' }];
    if (typeof body.body === 'string') comment.body = body.body;
    comment.updated_at = new Date().toISOString();
    comment.edits += 1;
    return [200, shape(fake, comment)];
  });
  return {
    all,
    on: (repo, issue) => all.filter((c) => c.repo === repo && c.issue === issue),
  };
}
