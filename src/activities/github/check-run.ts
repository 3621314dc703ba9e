/**
 * `github.checkRun`: creates a check run (name + headSha) or updates one (id), with annotations on
 * file lines. GitHub takes at most 50 annotations per request: the first 50 go with the create or
 * update, the rest follow in updates of 50 (GitHub appends them).
 */
import type { z } from 'zod';
import { CheckRunInput } from '../../runbook/actions/index.js';
import { compact } from './compact.js';
import { githubCall } from './errors.js';
import { type GithubEnv, idOf, parseGithubInput } from './github-env.js';
import type { GithubResult } from './types.js';

const ACTION = 'github.checkRun';
const ANNOTATIONS_PER_REQUEST = 50;

type Parsed = z.output<typeof CheckRunInput>;
type Annotation = NonNullable<Parsed['annotations']>[number];

function toGithubAnnotation(a: Annotation) {
  const endLine = a.endLine ?? a.startLine;
  // GitHub accepts columns only on a single line.
  const columns =
    endLine === a.startLine ? { start_column: a.startColumn, end_column: a.endColumn } : {};
  return compact({
    path: a.path,
    start_line: a.startLine,
    end_line: endLine,
    ...columns,
    annotation_level: a.level,
    message: a.message,
    title: a.title,
  });
}

function outputOf(input: Parsed, annotations: Annotation[]) {
  if (input.title === undefined || input.summary === undefined) return undefined;
  return compact({
    title: input.title,
    summary: input.summary,
    text: input.text,
    annotations: annotations.length === 0 ? undefined : annotations.map(toGithubAnnotation),
  });
}

export async function checkRun(env: GithubEnv, raw: unknown): Promise<GithubResult> {
  const input = parseGithubInput(ACTION, CheckRunInput, raw);
  const { octokit, owner, repo, repository } = await env.target(ACTION, input.repository);
  const all = input.annotations ?? [];
  const first = all.slice(0, ANNOTATIONS_PER_REQUEST);
  const context = (what: string, object?: string) => ({
    action: ACTION,
    repository,
    what,
    permission: 'checks: write (only a GitHub App may write check runs)',
    ...(object === undefined ? {} : { object }),
  });
  const fields = compact({
    name: input.name,
    status: input.status,
    conclusion: input.conclusion,
    details_url: input.detailsUrl,
    external_id: input.externalId,
    output: outputOf(input, first),
  });
  let data: { id: number; html_url: string | null; status: string; conclusion: string | null };
  if (input.id === undefined) {
    const headSha = input.headSha ?? '';
    const name = input.name ?? '';
    ({ data } = await githubCall(context(`create check run "${name}" on ${headSha}`), () =>
      octokit.rest.checks.create({ owner, repo, ...fields, name, head_sha: headSha }),
    ));
  } else {
    const id = idOf(input.id);
    ({ data } = await githubCall(context(`update check run ${id}`, `check run ${id}`), () =>
      octokit.rest.checks.update({ owner, repo, check_run_id: id, ...fields }),
    ));
  }
  const id = data.id;
  for (let start = ANNOTATIONS_PER_REQUEST; start < all.length; start += ANNOTATIONS_PER_REQUEST) {
    const output = outputOf(input, all.slice(start, start + ANNOTATIONS_PER_REQUEST));
    await githubCall(context(`add annotations to check run ${id}`, `check run ${id}`), () =>
      octokit.rest.checks.update({ owner, repo, check_run_id: id, ...compact({ output }) }),
    );
  }
  return {
    outputs: {
      id,
      url: data.html_url,
      status: data.status,
      conclusion: data.conclusion,
      annotations: all.length,
    },
  };
}
