// Check runs (`/repos/{o}/{r}/check-runs`), shaped like GitHub's `check-run` schema. Annotations
// sent in `output.annotations` are kept (GitHub accepts up to 50 per request and appends them).
import type { FakeGithub } from './server.js';

export interface FakeAnnotation {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly start_column?: number;
  readonly end_column?: number;
  readonly annotation_level: 'notice' | 'warning' | 'failure';
  readonly message: string;
  readonly title?: string;
}

export interface FakeCheckRun {
  readonly id: number;
  readonly repo: string;
  readonly head_sha: string;
  name: string;
  status: string;
  conclusion: string | null;
  output: { title?: string; summary?: string; text?: string };
  readonly annotations: FakeAnnotation[];
  details_url?: string;
  external_id?: string;
}

export interface CheckRunStore {
  readonly all: FakeCheckRun[];
  forSha(repo: string, sha: string): FakeCheckRun[];
}

const MAX_ANNOTATIONS_PER_REQUEST = 50;

function shape(fake: FakeGithub, run: FakeCheckRun) {
  return {
    id: run.id,
    node_id: `CR_${run.id}`,
    head_sha: run.head_sha,
    external_id: run.external_id ?? '',
    url: `${fake.url}/repos/${run.repo}/check-runs/${run.id}`,
    html_url: `https://github.com/${run.repo}/runs/${run.id}`,
    details_url: run.details_url ?? null,
    status: run.status,
    conclusion: run.conclusion,
    started_at: new Date().toISOString(),
    completed_at: run.status === 'completed' ? new Date().toISOString() : null,
    output: {
      title: run.output.title ?? null,
      summary: run.output.summary ?? null,
      text: run.output.text ?? null,
      annotations_count: run.annotations.length,
      annotations_url: `${fake.url}/repos/${run.repo}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.id + 1 },
    app: { id: 1, slug: 'runbook-runner', name: 'runbook-runner' },
    pull_requests: [],
  };
}

/** Applies `output`, refusing more annotations per request than GitHub does. */
function applyOutput(run: FakeCheckRun, output: unknown): string | undefined {
  if (typeof output !== 'object' || output === null) return undefined;
  const o = output as Record<string, unknown>;
  const annotations = Array.isArray(o.annotations) ? (o.annotations as FakeAnnotation[]) : [];
  if (annotations.length > MAX_ANNOTATIONS_PER_REQUEST) {
    return `at most ${MAX_ANNOTATIONS_PER_REQUEST} annotations per request`;
  }
  for (const key of ['title', 'summary', 'text'] as const) {
    if (typeof o[key] === 'string') run.output[key] = o[key];
  }
  run.annotations.push(...annotations);
  return undefined;
}

export function installCheckRuns(fake: FakeGithub): CheckRunStore {
  const all: FakeCheckRun[] = [];
  const repoOf = (params: Record<string, string>) => `${params.owner}/${params.repo}`;
  const update = (run: FakeCheckRun, body: Record<string, unknown>) => {
    if (typeof body.name === 'string') run.name = body.name;
    if (typeof body.status === 'string') run.status = body.status;
    if (typeof body.conclusion === 'string') {
      run.conclusion = body.conclusion;
      run.status = 'completed';
    }
    if (typeof body.details_url === 'string') run.details_url = body.details_url;
    if (typeof body.external_id === 'string') run.external_id = body.external_id;
    return applyOutput(run, body.output);
  };
  fake.route('POST', '/repos/:owner/:repo/check-runs', ({ params, body }) => {
    if (typeof body.name !== 'string' || typeof body.head_sha !== 'string') {
      return [422, { message: 'Validation Failed: name and head_sha are required' }];
    }
    const run: FakeCheckRun = {
      id: fake.nextId(),
      repo: repoOf(params),
      head_sha: body.head_sha,
      name: body.name,
      status: 'queued',
      conclusion: null,
      output: {},
      annotations: [],
    };
    const problem = update(run, body);
    if (problem !== undefined) return [422, { message: `Validation Failed: ${problem}` }];
    all.push(run);
    return [201, shape(fake, run)];
  });
  fake.route('PATCH', '/repos/:owner/:repo/check-runs/:id', ({ params, body }) => {
    const run = all.find((r) => r.repo === repoOf(params) && r.id === Number(params.id));
    if (run === undefined) return [404, { message: 'Not Found' }];
    const problem = update(run, body);
    if (problem !== undefined) return [422, { message: `Validation Failed: ${problem}` }];
    return [200, shape(fake, run)];
  });
  fake.route('GET', '/repos/:owner/:repo/commits/:ref/check-runs', ({ params }) => {
    const runs = all.filter((r) => r.repo === repoOf(params) && r.head_sha === params.ref);
    return [200, { total_count: runs.length, check_runs: runs.map((r) => shape(fake, r)) }];
  });
  fake.route('GET', '/repos/:owner/:repo/check-runs/:id/annotations', ({ params }) => {
    const run = all.find((r) => r.repo === repoOf(params) && r.id === Number(params.id));
    if (run === undefined) return [404, { message: 'Not Found' }];
    return [200, run.annotations];
  });
  return {
    all,
    forSha: (repo, sha) => all.filter((r) => r.repo === repo && r.head_sha === sha),
  };
}
