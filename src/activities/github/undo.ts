/**
 * `githubUndo(record)`: what compensation does for a GitHub step with a built-in undo — a
 * deployment gets a `failure` (or the step's `undoState`) status, a release is deleted.
 * Idempotent: a deployment or release that is already gone counts as undone.
 */
import { ApplicationFailure } from '@temporalio/common';
import { setDeploymentStatus } from './deployment.js';
import { githubCall, isGithubNotFound } from './errors.js';
import { GithubFailureType } from './failure-types.js';
import type { GithubEnv } from './github-env.js';
import type { GithubResult, GithubUndoRecord } from './types.js';

const ACTION = 'github undo';

/** Runs `write`; a 404 means there is nothing left to undo. */
async function unlessGone(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isGithubNotFound(error)) return false;
    throw error;
  }
}

export async function undo(env: GithubEnv, record: GithubUndoRecord): Promise<GithubResult> {
  if (record === null || typeof record !== 'object' || record.version !== 1) {
    throw ApplicationFailure.nonRetryable(
      `not a GitHub undo record of a known version (version ${JSON.stringify((record as { version?: unknown } | null)?.version ?? null)})`,
      GithubFailureType.invalidInput,
    );
  }
  const target = await env.target(ACTION, record.repository);
  const { octokit, owner, repo, repository } = target;
  switch (record.action) {
    case 'deployment': {
      const id = record.deploymentId;
      const marked = await unlessGone(() =>
        setDeploymentStatus(target, 'github.deployment undo', id, {
          state: record.state,
          description: 'Rolled back by runbook-runner',
        }),
      );
      return { outputs: { action: 'deployment', id, state: record.state, marked } };
    }
    case 'release': {
      const id = record.releaseId;
      const deleted = await unlessGone(() =>
        githubCall(
          {
            action: 'github.createRelease undo',
            repository,
            what: `delete release ${record.tag} (${id})`,
            object: `release ${id}`,
            permission: 'contents: write',
          },
          () => octokit.rest.repos.deleteRelease({ owner, repo, release_id: id }),
        ),
      );
      return { outputs: { action: 'release', id, tag: record.tag, deleted } };
    }
    default: {
      const never: never = record;
      throw ApplicationFailure.nonRetryable(
        `unknown GitHub undo action ${JSON.stringify((never as { action?: unknown }).action)}`,
        GithubFailureType.invalidInput,
      );
    }
  }
}
