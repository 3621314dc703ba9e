/**
 * `createGithubActivities(deps)`: the GitHub activities, registered on a worker under the activity
 * names of the action registry (src/runbook/actions/github-actions.ts). Each takes the step's
 * rendered `with:`, parses it with the registry's schema, and returns `{ outputs, undo? }`.
 * Credentials come from the worker's settings when the first GitHub step runs, so a worker
 * without GitHub settings starts, and only its GitHub steps fail (`GithubNotConfigured`).
 */
import type { GithubActivityName } from '../../runbook/actions/index.js';
import { checkRun } from './check-run.js';
import { comment } from './comment.js';
import { commitStatus } from './commit-status.js';
import { deployment, deploymentStatus } from './deployment.js';
import { dispatchWorkflow } from './dispatch-workflow.js';
import { createGithubEnv, type GithubActivityDeps } from './github-env.js';
import { createPullRequest, mergePullRequest } from './pull-requests.js';
import { createRelease } from './release.js';
import type { GithubResult, GithubUndoRecord } from './types.js';
import { undo } from './undo.js';

type Activities = Record<
  Exclude<GithubActivityName, 'githubUndo'>,
  (input: unknown) => Promise<GithubResult>
> & { githubUndo: (record: GithubUndoRecord) => Promise<GithubResult> };

export function createGithubActivities(deps: GithubActivityDeps): Activities {
  const env = createGithubEnv(deps);
  return {
    githubComment: (input: unknown) => comment(env, input),
    githubCommitStatus: (input: unknown) => commitStatus(env, input),
    githubCheckRun: (input: unknown) => checkRun(env, input),
    githubDeployment: (input: unknown) => deployment(env, input),
    githubDeploymentStatus: (input: unknown) => deploymentStatus(env, input),
    githubCreatePullRequest: (input: unknown) => createPullRequest(env, input),
    githubMergePullRequest: (input: unknown) => mergePullRequest(env, input),
    githubCreateRelease: (input: unknown) => createRelease(env, input),
    githubDispatchWorkflow: (input: unknown) => dispatchWorkflow(env, input),
    githubUndo: (record: GithubUndoRecord) => undo(env, record),
  };
}

export type GithubActivities = ReturnType<typeof createGithubActivities>;
