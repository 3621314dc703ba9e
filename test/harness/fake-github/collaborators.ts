// A collaborator's repository permission (`GET /repos/{o}/{r}/collaborators/{user}/permission`),
// shaped like GitHub's `repository-collaborator-permission`: `permission` is one of admin, write,
// read, none (maintain reads as write, triage as read; `role_name` keeps the exact role).
import type { FakeGithub } from './server.js';

export type FakeRole = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export interface CollaboratorStore {
  /** Sets `login`'s role on `repo` (`owner/name`); unknown users read as `none`. */
  set(repo: string, login: string, role: FakeRole): void;
}

const PERMISSION: Record<FakeRole, 'admin' | 'write' | 'read' | 'none'> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
  none: 'none',
};

export function installCollaborators(fake: FakeGithub): CollaboratorStore {
  const roles = new Map<string, FakeRole>();
  fake.route('GET', '/repos/:owner/:repo/collaborators/:username/permission', ({ params }) => {
    const role =
      roles.get(`${params.owner}/${params.repo}#${params.username?.toLowerCase()}`) ?? 'none';
    return [
      200,
      {
        permission: PERMISSION[role],
        role_name: role,
        user: {
          login: params.username,
          id: 583231,
          node_id: 'MDQ6VXNlcjU4MzIzMQ==',
          type: 'User',
          site_admin: false,
          permissions: {
            admin: role === 'admin',
            maintain: role === 'admin' || role === 'maintain',
            push: PERMISSION[role] === 'admin' || PERMISSION[role] === 'write',
            triage: role !== 'read' && role !== 'none',
            pull: role !== 'none',
          },
          role_name: role,
        },
      },
    ];
  });
  return {
    set(repo, login, role) {
      roles.set(`${repo}#${login.toLowerCase()}`, role);
    },
  };
}
