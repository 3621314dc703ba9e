// GitHub Actions workflow dispatch (`POST /repos/{o}/{r}/actions/workflows/{id}/dispatches`):
// 204 for a known workflow with declared inputs, 404 for an unknown one, 422 for an input the
// workflow does not declare, as GitHub answers.
import type { FakeGithub } from './server.js';
import { repoOf } from './shapes.js';

export interface FakeDispatch {
  readonly repo: string;
  readonly workflow: string;
  readonly ref: string;
  readonly inputs: Record<string, unknown>;
}

export interface WorkflowStore {
  readonly dispatches: FakeDispatch[];
}

/** `workflows`: file name (or id) → the inputs its `workflow_dispatch` declares. */
export function installWorkflows(
  fake: FakeGithub,
  workflows: Readonly<Record<string, readonly string[]>>,
): WorkflowStore {
  const dispatches: FakeDispatch[] = [];
  fake.route('POST', '/repos/:owner/:repo/actions/workflows/:id/dispatches', ({ params, body }) => {
    const declared = workflows[params.id ?? ''];
    if (declared === undefined) return [404, { message: 'Not Found' }];
    if (typeof body.ref !== 'string' || body.ref === '') {
      return [422, { message: 'Invalid request.\n\n"ref" wasn\'t supplied.' }];
    }
    const inputs = (body.inputs ?? {}) as Record<string, unknown>;
    const unexpected = Object.keys(inputs).filter((name) => !declared.includes(name));
    if (unexpected.length > 0) {
      return [422, { message: `Unexpected inputs provided: ${JSON.stringify(unexpected)}` }];
    }
    dispatches.push({ repo: repoOf(params), workflow: params.id ?? '', ref: body.ref, inputs });
    return [204, undefined];
  });
  return { dispatches };
}
