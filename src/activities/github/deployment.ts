/**
 * `github.deployment` creates a deployment and its first status, and returns an undo record:
 * when the run rolls back, `githubUndo` adds a `failure` (or `inactive`/`error`) status, so the
 * environment's page no longer shows a deployment that did not go through.
 * `github.deploymentStatus` adds a status to any deployment.
 */
import { ApplicationFailure } from '@temporalio/common';
import { DeploymentInput, DeploymentStatusInput } from '../../runbook/actions/index.js';
import { compact } from './compact.js';
import { githubCall } from './errors.js';
import { GithubFailureType } from './failure-types.js';
import { type GithubEnv, type GithubTarget, idOf, parseGithubInput } from './github-env.js';
import type { GithubResult } from './types.js';

const DEPLOYMENT = 'github.deployment';
const DEPLOYMENT_STATUS = 'github.deploymentStatus';
const PERMISSION = 'deployments: write';

type DeploymentState = NonNullable<
  Parameters<GithubTarget['octokit']['rest']['repos']['createDeploymentStatus']>[0]
>['state'];

/** What a status says; fields left undefined are not sent. */
interface StatusFields {
  readonly state: DeploymentState;
  readonly description?: string | undefined;
  readonly log_url?: string | undefined;
  readonly environment_url?: string | undefined;
  readonly environment?: string | undefined;
  readonly auto_inactive?: boolean | undefined;
}

/**
 * Adds a status to deployment `id`: the one call behind a new deployment's first status,
 * `github.deploymentStatus` and the rollback's `failure` status. `action` names the step in the
 * error a refusal turns into; fields left undefined are not sent.
 */
export async function setDeploymentStatus(
  target: GithubTarget,
  action: string,
  id: number,
  fields: StatusFields,
) {
  const { octokit, owner, repo, repository } = target;
  const { data } = await githubCall(
    {
      action,
      repository,
      what: `set deployment ${id} to ${fields.state}`,
      object: `deployment ${id}`,
      permission: PERMISSION,
    },
    () =>
      octokit.rest.repos.createDeploymentStatus(
        compact({ owner, repo, deployment_id: id, ...fields }),
      ),
  );
  return data;
}

export async function deployment(env: GithubEnv, raw: unknown): Promise<GithubResult> {
  const input = parseGithubInput(DEPLOYMENT, DeploymentInput, raw);
  const target = await env.target(DEPLOYMENT, input.repository);
  const { octokit, owner, repo, repository } = target;
  const context = (what: string, object?: string) => ({
    action: DEPLOYMENT,
    repository,
    what,
    permission: PERMISSION,
    ...(object === undefined ? {} : { object }),
  });
  const created = await githubCall(
    context(`create a deployment of ${input.ref} to ${input.environment}`, `ref ${input.ref}`),
    () =>
      octokit.rest.repos.createDeployment(
        compact({
          owner,
          repo,
          ref: input.ref,
          environment: input.environment,
          description: input.description,
          payload: input.payload,
          auto_merge: input.autoMerge,
          required_contexts: input.requiredContexts,
          transient_environment: input.transient,
          production_environment: input.productionEnvironment,
        }),
      ),
  );
  // 202: GitHub merged the default branch into the ref first (autoMerge) and made no deployment.
  if (created.status !== 201 || !('id' in created.data)) {
    const message = (created.data as { message?: string }).message ?? `status ${created.status}`;
    throw ApplicationFailure.nonRetryable(
      `${DEPLOYMENT} on ${repository}: GitHub created no deployment of ${input.ref}: ${message}. Run the step again once the merge is in, or set autoMerge: false.`,
      GithubFailureType.conflict,
    );
  }
  const id = created.data.id;
  const status = await setDeploymentStatus(target, DEPLOYMENT, id, {
    state: input.state,
    description: input.description,
    log_url: input.logUrl,
    environment_url: input.environmentUrl,
  });
  return {
    outputs: {
      id,
      url: created.data.url,
      sha: created.data.sha,
      environment: created.data.environment,
      state: status.state,
      statusId: status.id,
    },
    undo: {
      version: 1,
      action: 'deployment',
      repository,
      deploymentId: id,
      environment: created.data.environment,
      state: input.undoState,
    },
  };
}

export async function deploymentStatus(env: GithubEnv, raw: unknown): Promise<GithubResult> {
  const input = parseGithubInput(DEPLOYMENT_STATUS, DeploymentStatusInput, raw);
  const target = await env.target(DEPLOYMENT_STATUS, input.repository);
  const id = idOf(input.deploymentId);
  const data = await setDeploymentStatus(target, DEPLOYMENT_STATUS, id, {
    state: input.state,
    description: input.description,
    log_url: input.logUrl,
    environment_url: input.environmentUrl,
    environment: input.environment,
    auto_inactive: input.autoInactive,
  });
  return { outputs: { id: data.id, url: data.url, state: data.state, deploymentId: id } };
}
