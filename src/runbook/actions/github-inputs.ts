/**
 * The `with:` of each `github.*` action: what `runbook validate` checks before merge and what the
 * GitHub activities (src/activities/github) parse once the templates are rendered. Every value
 * goes to GitHub as a JSON field or as one encoded path segment, never spliced into a URL. Pure:
 * zod only.
 */
import { z } from 'zod';

/**
 * `owner/name`: an owner of letters, digits and hyphens, a name of letters, digits, `.`, `_` and
 * `-` that is not `.` or `..` — one path segment each, so a value cannot reach another endpoint.
 */
export const REPOSITORY_PATTERN =
  /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/(?:[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}|\.[A-Za-z0-9_-][A-Za-z0-9._-]{0,98}|\.\.[A-Za-z0-9._-]{1,98})$/;

export const Repository = z
  .string()
  .regex(REPOSITORY_PATTERN, 'is not owner/name (one segment each; "." and ".." refused)')
  .meta({ description: 'The repository as owner/name, e.g. acme/web.' });

/** A positive id or number; as digits in a string too, which is what a string param renders to. */
const Id = (description: string) =>
  z
    .union([z.int().positive(), z.string().regex(/^[1-9][0-9]{0,15}$/, 'is not a positive number')])
    .meta({ description: `${description} (a number, or its digits as a string).` });

const Sha = z
  .string()
  .regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'is not a full commit SHA (40 lower-case hex digits)')
  .meta({ description: 'A full commit SHA.' });

/**
 * A branch, tag or SHA: letters, digits, `.`, `_`, `/`, `+` and `-`, without `..`, `//` or a
 * leading `-` or `/` (a subset of what git's check-ref-format allows).
 */
const Ref = z
  .string()
  .regex(/^(?![-/])(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9._/+-]{1,255}$/, 'is not a branch, tag or SHA')
  .meta({ description: 'A branch, tag or commit SHA.' });

const Url = z.url({ protocol: /^https?$/ }).max(2000);
const Text = (max: number) => z.string().max(max);

export const CommentInput = z
  .strictObject({
    repository: Repository,
    issue: Id('The issue or pull request number'),
    body: Text(65_000).min(1).meta({ description: 'Markdown.' }),
    update: Id('The id of a comment to edit instead of posting a new one').optional(),
    marker: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,100}$/, 'is not letters, digits, ".", "_" and "-" (at most 100)')
      .optional()
      .meta({
        description:
          'Sticky comment: the comment carrying this marker is edited in place; posted if none does.',
      }),
  })
  .refine((v) => v.update === undefined || v.marker === undefined, {
    message: 'give update (a comment id) or marker (a sticky comment), not both',
    path: ['marker'],
  });
export type CommentInput = z.input<typeof CommentInput>;

export const CommitStatusInput = z.strictObject({
  repository: Repository,
  sha: Sha,
  state: z.enum(['error', 'failure', 'pending', 'success']),
  context: Text(255).min(1).default('runbook-runner').meta({
    description: 'The status name; one status per context and commit. "runbook-runner" if absent.',
  }),
  description: Text(140).optional(),
  targetUrl: Url.optional().meta({ description: 'The link behind the status.' }),
});
export type CommitStatusInput = z.input<typeof CommitStatusInput>;

/** At most this many annotations per step; sent 50 per request, as GitHub requires. */
export const MAX_CHECK_ANNOTATIONS = 500;

const Annotation = z.strictObject({
  path: Text(1000).min(1),
  startLine: z.int().positive(),
  endLine: z.int().positive().optional().meta({ description: 'startLine if absent.' }),
  startColumn: z.int().positive().optional(),
  endColumn: z.int().positive().optional(),
  level: z.enum(['notice', 'warning', 'failure']).default('failure'),
  message: Text(64_000).min(1),
  title: Text(255).optional(),
});

export const CheckRunInput = z
  .strictObject({
    repository: Repository,
    id: Id('The check run to update; absent: a new one is created').optional(),
    name: Text(255).min(1).optional().meta({ description: 'Required to create.' }),
    headSha: Sha.optional().meta({ description: 'Required to create.' }),
    status: z.enum(['queued', 'in_progress', 'completed']).optional(),
    conclusion: z
      .enum([
        'action_required',
        'cancelled',
        'failure',
        'neutral',
        'success',
        'skipped',
        'timed_out',
      ])
      .optional()
      .meta({ description: 'Completes the check run.' }),
    detailsUrl: Url.optional(),
    externalId: Text(255).optional(),
    title: Text(1000).optional(),
    summary: Text(65_000).optional(),
    text: Text(65_000).optional(),
    annotations: z.array(Annotation).max(MAX_CHECK_ANNOTATIONS).optional(),
  })
  .refine((v) => v.id !== undefined || (v.name !== undefined && v.headSha !== undefined), {
    message: 'give name and headSha to create a check run, or id to update one',
    path: ['name'],
  })
  .refine(
    (v) =>
      (v.title === undefined) === (v.summary === undefined) &&
      (v.annotations === undefined && v.text === undefined ? true : v.title !== undefined),
    {
      message: 'title and summary go together, and text or annotations need both',
      path: ['summary'],
    },
  );
export type CheckRunInput = z.input<typeof CheckRunInput>;

const DeploymentState = z.enum([
  'error',
  'failure',
  'inactive',
  'in_progress',
  'queued',
  'pending',
  'success',
]);

export const DeploymentInput = z.strictObject({
  repository: Repository,
  ref: Ref,
  environment: Text(255).min(1).default('production'),
  description: Text(140).optional(),
  payload: z.record(z.string(), z.json()).optional().meta({
    description: 'JSON the deployment carries for whoever acts on it.',
  }),
  autoMerge: z.boolean().default(false).meta({
    description:
      'Let GitHub merge the default branch into ref first (GitHub’s default; ours is false).',
  }),
  requiredContexts: z.array(Text(255)).optional().meta({
    description: 'Commit statuses that must pass; absent: all of them (GitHub’s default).',
  }),
  transient: z.boolean().optional(),
  productionEnvironment: z.boolean().optional(),
  state: z.enum(['queued', 'pending', 'in_progress', 'success']).default('in_progress').meta({
    description: 'The first deployment status, set right after creation.',
  }),
  logUrl: Url.optional(),
  environmentUrl: Url.optional(),
  undoState: z.enum(['failure', 'inactive', 'error']).default('failure').meta({
    description: 'The status the built-in undo sets when the run rolls back.',
  }),
});
export type DeploymentInput = z.input<typeof DeploymentInput>;

export const DeploymentStatusInput = z.strictObject({
  repository: Repository,
  deploymentId: Id('The deployment, e.g. steps.deploy.outputs.id'),
  state: DeploymentState,
  description: Text(140).optional(),
  logUrl: Url.optional(),
  environmentUrl: Url.optional(),
  environment: Text(255).min(1).optional(),
  autoInactive: z.boolean().optional().meta({
    description:
      'On success, mark earlier deployments of the environment inactive (GitHub default).',
  }),
});
export type DeploymentStatusInput = z.input<typeof DeploymentStatusInput>;

export const CreatePullRequestInput = z.strictObject({
  repository: Repository,
  head: Text(255)
    .min(1)
    .meta({ description: 'The branch with the changes (owner:branch across forks).' }),
  base: Ref.meta({ description: 'The branch to merge into.' }),
  title: Text(256).min(1),
  body: Text(65_000).optional(),
  draft: z.boolean().default(false),
  maintainerCanModify: z.boolean().optional(),
});
export type CreatePullRequestInput = z.input<typeof CreatePullRequestInput>;

export const MergePullRequestInput = z.strictObject({
  repository: Repository,
  number: Id('The pull request number'),
  method: z.enum(['merge', 'squash', 'rebase']).default('merge'),
  sha: Sha.optional().meta({
    description: 'Merge only if the head is still this commit (what was reviewed or tested).',
  }),
  commitTitle: Text(256).optional(),
  commitMessage: Text(65_000).optional(),
});
export type MergePullRequestInput = z.input<typeof MergePullRequestInput>;

export const CreateReleaseInput = z.strictObject({
  repository: Repository,
  tag: Ref.meta({ description: 'The tag; created at target if it does not exist.' }),
  target: Ref.optional().meta({
    description: 'Branch or SHA the new tag points at; default branch if absent.',
  }),
  name: Text(1000).optional().meta({ description: 'The tag if absent.' }),
  body: Text(125_000).optional(),
  draft: z.boolean().default(false),
  prerelease: z.boolean().default(false),
  generateNotes: z.boolean().default(false).meta({
    description: 'Let GitHub write the notes from the merged pull requests (before body).',
  }),
  makeLatest: z.enum(['true', 'false', 'legacy']).optional(),
});
export type CreateReleaseInput = z.input<typeof CreateReleaseInput>;

export const DispatchWorkflowInput = z.strictObject({
  repository: Repository,
  workflow: z
    .union([
      z.string().regex(/^[A-Za-z0-9._-]{1,200}\.ya?ml$/, 'is not a workflow file name or id'),
      z.int().positive(),
      z.string().regex(/^[1-9][0-9]{0,15}$/),
    ])
    .meta({ description: 'The workflow file under .github/workflows (deploy.yml) or its id.' }),
  ref: Ref.meta({ description: 'The branch or tag to run the workflow at.' }),
  inputs: z
    .record(z.string().min(1).max(100), z.union([z.string().max(65_000), z.number(), z.boolean()]))
    .refine((inputs) => Object.keys(inputs).length <= 25, 'at most 25 inputs (GitHub’s limit)')
    .optional()
    .meta({ description: 'The workflow_dispatch inputs.' }),
});
export type DispatchWorkflowInput = z.input<typeof DispatchWorkflowInput>;
