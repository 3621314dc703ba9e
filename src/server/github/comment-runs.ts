// `issue_comment` created on a pull request with `/runbook run <name> key=value…`: from a user
// with write permission or more, allowed by `spec.access`, pinned to the pull request's head.
// Refusals are a reply and start nothing; a started run is reported in one comment, updated in
// place (docs/github.md#running-from-a-pr-comment).
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { LoadedRunbook } from '../../cli/support/load-runbook.js';
import type { GithubClient } from '../../integrations/github/octokit.js';
import { shown } from '../../runbook/bounded-text.js';
import { resolveParams } from '../../runbook/params.js';
import { checkStartAccess } from '../../runbook/people/access.js';
import { startRunbookRun } from '../../runs/start-run.js';
import type { RunbookRunInput } from '../../workflows/types.js';
import { type RunComment, RunCommentPayload } from './comment-payload.js';
import { parseGithubPayload } from './errors.js';
import type { GithubDeps, GithubEvent } from './events.js';
import { type FollowTiming, followRunInComment } from './follow-in-comment.js';
import { parseRunCommand } from './run-command.js';
import { renderRunComment } from './run-comment.js';

/** Repository permissions that may start a run from a comment. */
const MAY_RUN = new Set(['admin', 'write']);

export type CommentOutcome =
  | { readonly kind: 'ignored'; readonly why: string }
  | { readonly kind: 'refused'; readonly why: string }
  | { readonly kind: 'started'; readonly workflowId: string; readonly commentId: number };

/** The run id of a comment's run: a redelivery of the same comment starts nothing. */
export function commentRunId(commentId: number, runbook: string): string {
  return `pr-comment-${commentId}-${runbook}`;
}

function isBot(comment: RunComment): boolean {
  return (
    comment.comment.user.type === 'Bot' ||
    comment.sender.type === 'Bot' ||
    comment.comment.user.login.endsWith('[bot]')
  );
}

/** Test seams: how long the comment is followed. */
export interface CommentRunOptions {
  readonly timing?: Partial<FollowTiming>;
}

export async function handleRunComment(
  event: GithubEvent,
  deps: GithubDeps,
  options: CommentRunOptions = {},
): Promise<CommentOutcome> {
  if (event.name !== 'issue_comment') return { kind: 'ignored', why: 'not a comment' };
  const payload = event.payload as { action?: unknown } | null;
  if (payload?.action !== 'created') return { kind: 'ignored', why: 'not a new comment' };
  const c = parseGithubPayload(RunCommentPayload, event);
  if (c.issue.pull_request === undefined) return { kind: 'ignored', why: 'not on a pull request' };
  if (isBot(c)) return { kind: 'ignored', why: 'written by a bot' };
  const command = parseRunCommand(c.comment.body);
  if (command === undefined) return { kind: 'ignored', why: 'not a /runbook command' };

  const owner = c.repository.owner.login;
  const repo = c.repository.name;
  const login = c.comment.user.login;
  const { context, catalog } = deps;
  const octokit = await deps.octokit(owner, repo);
  const log = (line: string) =>
    context.log(`github: /runbook on #${c.issue.number} by ${login}: ${line}`);
  const refuse = async (why: string, code: string): Promise<CommentOutcome> => {
    log(`refused: ${why} [${code}]`);
    await reply(octokit, owner, repo, c.issue.number, `@${login} ${why}. Nothing was started.`);
    return { kind: 'refused', why };
  };

  if (!command.ok) return refuse(command.message, 'RB8042');
  const permission = (
    await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: login })
  ).data.permission;
  if (!MAY_RUN.has(permission)) {
    return refuse(
      `\`/runbook run\` needs write permission on ${owner}/${repo}; yours is ${shown(permission, 20)}`,
      'RB8043',
    );
  }
  const pull = (await octokit.rest.pulls.get({ owner, repo, pull_number: c.issue.number })).data;
  if (
    pull.head.repo === null ||
    pull.head.repo.full_name.toLowerCase() !== `${owner}/${repo}`.toLowerCase()
  ) {
    return refuse('runs are not started from pull requests of forks', 'RB8044');
  }
  let loaded: LoadedRunbook;
  let sha: string;
  try {
    sha = await catalog.resolve(pull.head.sha);
    loaded = await catalog.load(command.name, sha);
  } catch (error) {
    return refuse(shown(error instanceof Error ? error.message : String(error), 1500), 'RB8046');
  }
  const params = resolveParams(loaded.definition, command.params);
  if (!params.ok) {
    return refuse(params.errors.map((e) => `${e.message} [${e.code}]`).join('; '), 'RB8047');
  }
  const actor = `github:${login}`;
  const denied = checkStartAccess(loaded.definition, loaded.people, actor);
  if (denied !== undefined) return refuse(denied, 'RB8048');

  const workflowId = commentRunId(c.comment.id, loaded.definition.name);
  const input: RunbookRunInput = {
    definition: loaded.definition,
    params: params.params,
    source: loaded.source,
    trigger: { kind: 'github', actor },
    runbooks: loaded.children,
    people: loaded.people,
  };
  try {
    await startRunbookRun(context.client, {
      taskQueue: context.settings.taskQueue,
      workflowId,
      input,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      memo: {
        github: {
          repository: `${owner}/${repo}`,
          pullRequest: c.issue.number,
          comment: c.comment.id,
        },
      },
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      log(`run ${workflowId} was already started for this comment; nothing started [RB8041]`);
      return { kind: 'ignored', why: 'already started' };
    }
    throw error;
  }
  log(`started ${workflowId} (${loaded.definition.name} @ ${sha.slice(0, 12)})`);
  const view = {
    workflowId,
    runbook: loaded.definition.name,
    requestedBy: login,
    commit: sha,
    ...(deps.settings.webUiUrl === undefined ? {} : { webUiUrl: deps.settings.webUiUrl }),
  };
  const created = await octokit.rest.issues.createComment({
    owner,
    repo,
    issue_number: c.issue.number,
    body: renderRunComment(view),
  });
  const commentId = created.data.id;
  context.background.run(`following run ${workflowId} in comment ${commentId}`, () =>
    followRunInComment({
      client: context.client,
      octokit,
      owner,
      repo,
      commentId,
      view,
      log: context.log,
      ...(options.timing === undefined ? {} : { timing: options.timing }),
    }),
  );
  return { kind: 'started', workflowId, commentId };
}

async function reply(
  octokit: GithubClient,
  owner: string,
  repo: string,
  issue: number,
  body: string,
) {
  await octokit.rest.issues.createComment({ owner, repo, issue_number: issue, body });
}

/** The registry's shape: the outcome is only logged. */
export async function onIssueComment(event: GithubEvent, deps: GithubDeps): Promise<void> {
  await handleRunComment(event, deps);
}
