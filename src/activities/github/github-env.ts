/**
 * What every GitHub activity gets from the factory: the parsed `with:` and a client for its
 * repository, from the worker's settings (src/integrations/github/auth.ts).
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import { type GithubAuth, githubAuthFor } from '../../integrations/github/auth.js';
import type { GithubClient } from '../../integrations/github/octokit.js';
import { describeInputIssues } from '../../runbook/actions/index.js';
import { type GithubCallContext, githubCall } from './errors.js';
import { GithubFailureType } from './failure-types.js';

export interface GithubActivityDeps {
  /** The worker's environment: GITHUB_TOKEN or GITHUB_APP_*, GITHUB_API_URL. */
  readonly env: NodeJS.ProcessEnv;
  /** Tests: an auth built with their own options (token cache clock). */
  readonly auth?: GithubAuth;
}

/** The repository a step names, split, plus its client. */
export interface GithubTarget {
  readonly owner: string;
  readonly repo: string;
  readonly repository: string;
  readonly octokit: GithubClient;
}

export interface GithubEnv {
  /**
   * A client for `repository` (`owner/name`, already validated). Settings problems become
   * `GithubNotConfigured`.
   */
  target(action: string, repository: string): Promise<GithubTarget>;
}

function activityLog(line: string): void {
  try {
    Context.current().log.warn(line);
  } catch {
    // Outside an activity (a test calling the function directly): nothing to log to.
  }
}

export function createGithubEnv(deps: GithubActivityDeps): GithubEnv {
  return {
    async target(action, repository) {
      const [owner = '', repo = ''] = repository.split('/');
      const context: GithubCallContext = {
        action,
        repository,
        what: 'authenticate',
        permission: 'metadata: read',
      };
      const octokit = await githubCall(context, () => {
        const auth = deps.auth ?? githubAuthFor(deps.env, { log: activityLog });
        return auth.client({ owner, repo });
      });
      return { owner, repo, repository, octokit };
    },
  };
}

/** Parses a rendered `with:` with the action's schema; a misfit fails the step, not retried. */
export function parseGithubInput<S extends z.ZodType>(
  action: string,
  schema: S,
  input: unknown,
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw ApplicationFailure.nonRetryable(
    `${action} input is invalid: ${describeInputIssues(parsed.error.issues, input).join('; ')}. Fix the step's with: (an expression there may have rendered to a value of the wrong type).`,
    GithubFailureType.invalidInput,
  );
}

/** An `Id` field's value as a number. */
export function idOf(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}
