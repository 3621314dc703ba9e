// Commit statuses (`POST /repos/{o}/{r}/statuses/{sha}`), shaped like GitHub's `status` schema.
import type { FakeGithub } from './server.js';
import { repoOf, validationFailed } from './shapes.js';

export interface FakeStatus {
  readonly id: number;
  readonly repo: string;
  readonly sha: string;
  readonly state: string;
  readonly context: string;
  readonly description: string | null;
  readonly target_url: string | null;
}

export interface StatusStore {
  readonly all: FakeStatus[];
  /** The latest status per context of a commit. */
  latest(repo: string, sha: string): Record<string, string>;
}

const STATES = new Set(['error', 'failure', 'pending', 'success']);

export function installStatuses(fake: FakeGithub): StatusStore {
  const all: FakeStatus[] = [];
  fake.route('POST', '/repos/:owner/:repo/statuses/:sha', ({ params, body }) => {
    if (typeof body.state !== 'string' || !STATES.has(body.state)) {
      return validationFailed('Status', 'state', 'invalid');
    }
    const status: FakeStatus = {
      id: fake.nextId(),
      repo: repoOf(params),
      sha: params.sha ?? '',
      state: body.state,
      context: typeof body.context === 'string' ? body.context : 'default',
      description: typeof body.description === 'string' ? body.description : null,
      target_url: typeof body.target_url === 'string' ? body.target_url : null,
    };
    all.push(status);
    const now = new Date().toISOString();
    return [
      201,
      {
        url: `${fake.url}/repos/${status.repo}/statuses/${status.sha}`,
        avatar_url: null,
        id: status.id,
        node_id: `SC_${status.id}`,
        state: status.state,
        description: status.description,
        target_url: status.target_url,
        context: status.context,
        created_at: now,
        updated_at: now,
        creator: fake.actor,
      },
    ];
  });
  return {
    all,
    latest(repo, sha) {
      const out: Record<string, string> = {};
      for (const s of all) if (s.repo === repo && s.sha === sha) out[s.context] = s.state;
      return out;
    },
  };
}
