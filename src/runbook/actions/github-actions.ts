/**
 * The `github.*` actions. Each runs one activity of `createGithubActivities(deps)`
 * (src/activities/github) that returns `{ outputs, undo? }`; an action with an `undo` hands its
 * record to `githubUndo` on compensation (a deployment is marked failed, a release deleted). Pure
 * data plus the input schemas.
 */
import type { z } from 'zod';
import { DEFAULT_GITHUB_TIMEOUT_MS } from './defaults.js';
import type { ActionDefinition } from './definition.js';
import {
  CheckRunInput,
  CommentInput,
  CommitStatusInput,
  CreatePullRequestInput,
  CreateReleaseInput,
  DeploymentInput,
  DeploymentStatusInput,
  DispatchWorkflowInput,
  MergePullRequestInput,
} from './github-inputs.js';

/** The activity that carries out the `undo` record of a GitHub step. */
export const GITHUB_UNDO_ACTIVITY = 'githubUndo';

interface GithubSpec<N extends string, A extends string> {
  readonly name: N;
  readonly activity: A;
  readonly input: z.ZodType;
  /** Whether a successful run returns an `undo` record that `githubUndo` carries out. */
  readonly undo: boolean;
  readonly summary: string;
}

function github<const N extends string, const A extends string>(
  spec: GithubSpec<N, A>,
): ActionDefinition & { readonly name: N; readonly activity: A } {
  return {
    name: spec.name,
    runs: 'activity',
    activity: spec.activity,
    result: 'outputs',
    input: spec.input,
    timeoutMs: DEFAULT_GITHUB_TIMEOUT_MS,
    retry: 'api',
    ...(spec.undo ? { undo: { activity: GITHUB_UNDO_ACTIVITY } } : {}),
    dryRun: false,
    mutating: true,
    available: true,
    docs: `docs/steps.md#${spec.name.toLowerCase().replace(/[^a-z0-9]/g, '')}`,
    summary: spec.summary,
  };
}

export const GITHUB_ACTION_DEFINITIONS = [
  github({
    name: 'github.comment',
    activity: 'githubComment',
    input: CommentInput,
    undo: false,
    summary:
      'Comments on an issue or pull request, or edits a comment (by id, or sticky by a marker).',
  }),
  github({
    name: 'github.commitStatus',
    activity: 'githubCommitStatus',
    input: CommitStatusInput,
    undo: false,
    summary: 'Sets a commit status (pending, success, failure, error) for a context.',
  }),
  github({
    name: 'github.checkRun',
    activity: 'githubCheckRun',
    input: CheckRunInput,
    undo: false,
    summary: 'Creates or updates a check run, with annotations on file lines (GitHub App only).',
  }),
  github({
    name: 'github.deployment',
    activity: 'githubDeployment',
    input: DeploymentInput,
    undo: true,
    summary: 'Creates a deployment and its first status; undo marks it failed (or inactive).',
  }),
  github({
    name: 'github.deploymentStatus',
    activity: 'githubDeploymentStatus',
    input: DeploymentStatusInput,
    undo: false,
    summary: 'Adds a status (in_progress, success, failure, …) to a deployment.',
  }),
  github({
    name: 'github.createPullRequest',
    activity: 'githubCreatePullRequest',
    input: CreatePullRequestInput,
    undo: false,
    summary: 'Opens a pull request from a branch.',
  }),
  github({
    name: 'github.mergePullRequest',
    activity: 'githubMergePullRequest',
    input: MergePullRequestInput,
    undo: false,
    summary:
      'Merges a pull request (merge, squash or rebase), optionally only at a given head SHA.',
  }),
  github({
    name: 'github.createRelease',
    activity: 'githubCreateRelease',
    input: CreateReleaseInput,
    undo: true,
    summary: 'Creates a release (and its tag), with generated notes if asked; undo deletes it.',
  }),
  github({
    name: 'github.dispatchWorkflow',
    activity: 'githubDispatchWorkflow',
    input: DispatchWorkflowInput,
    undo: false,
    summary: 'Starts a GitHub Actions workflow through workflow_dispatch, with inputs.',
  }),
] as const;

/** Every activity the GitHub actions need, the undo activity included. */
export type GithubActivityName =
  | (typeof GITHUB_ACTION_DEFINITIONS)[number]['activity']
  | typeof GITHUB_UNDO_ACTIVITY;
