/**
 * `github.dispatchWorkflow`: starts a GitHub Actions workflow that has a `workflow_dispatch`
 * trigger, at a ref, with inputs (sent as strings, the type GitHub documents for them).
 */
import { DispatchWorkflowInput } from '../../runbook/actions/index.js';
import { githubCall } from './errors.js';
import { type GithubEnv, parseGithubInput } from './github-env.js';
import type { GithubResult } from './types.js';

const ACTION = 'github.dispatchWorkflow';

export async function dispatchWorkflow(env: GithubEnv, raw: unknown): Promise<GithubResult> {
  const input = parseGithubInput(ACTION, DispatchWorkflowInput, raw);
  const { octokit, owner, repo, repository } = await env.target(ACTION, input.repository);
  const workflow =
    typeof input.workflow === 'string' && /^[0-9]+$/.test(input.workflow)
      ? Number(input.workflow)
      : input.workflow;
  const inputs = Object.fromEntries(
    Object.entries(input.inputs ?? {}).map(([name, value]) => [name, String(value)]),
  );
  await githubCall(
    {
      action: ACTION,
      repository,
      what: `dispatch workflow ${workflow} at ${input.ref} (a 422 means the workflow has no workflow_dispatch trigger, or an input it does not declare)`,
      object: `workflow ${workflow} and ref ${input.ref}`,
      permission: 'actions: write',
    },
    () =>
      octokit.rest.actions.createWorkflowDispatch({
        owner,
        repo,
        workflow_id: workflow,
        ref: input.ref,
        inputs,
      }),
  );
  return { outputs: { workflow, ref: input.ref, dispatched: true } };
}
