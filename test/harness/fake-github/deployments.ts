// Deployments and deployment statuses (`/repos/{o}/{r}/deployments[/{id}/statuses]`), shaped like
// GitHub's `deployment` and `deployment-status` schemas.
import type { FakeGithub } from './server.js';
import { repoOf, shaOf, validationFailed } from './shapes.js';

export interface FakeDeploymentStatus {
  readonly id: number;
  readonly state: string;
  readonly description: string;
  readonly environment: string;
  readonly log_url: string;
  readonly environment_url: string;
}

export interface FakeDeployment {
  readonly id: number;
  readonly repo: string;
  readonly ref: string;
  readonly sha: string;
  readonly environment: string;
  readonly description: string | null;
  readonly payload: unknown;
  readonly auto_merge: boolean;
  readonly required_contexts: unknown;
  readonly statuses: FakeDeploymentStatus[];
}

export interface DeploymentStore {
  readonly all: FakeDeployment[];
  /** The states a deployment went through, oldest first. */
  states(id: number): string[];
}

const STATES = new Set([
  'error',
  'failure',
  'inactive',
  'in_progress',
  'queued',
  'pending',
  'success',
]);

function shape(fake: FakeGithub, d: FakeDeployment) {
  const now = new Date().toISOString();
  return {
    url: `${fake.url}/repos/${d.repo}/deployments/${d.id}`,
    id: d.id,
    node_id: `DE_${d.id}`,
    sha: d.sha,
    ref: d.ref,
    task: 'deploy',
    payload: d.payload,
    original_environment: d.environment,
    environment: d.environment,
    description: d.description,
    creator: fake.actor,
    created_at: now,
    updated_at: now,
    statuses_url: `${fake.url}/repos/${d.repo}/deployments/${d.id}/statuses`,
    repository_url: `${fake.url}/repos/${d.repo}`,
    transient_environment: false,
    production_environment: d.environment === 'production',
  };
}

function statusShape(fake: FakeGithub, d: FakeDeployment, s: FakeDeploymentStatus) {
  const now = new Date().toISOString();
  return {
    url: `${fake.url}/repos/${d.repo}/deployments/${d.id}/statuses/${s.id}`,
    id: s.id,
    node_id: `DES_${s.id}`,
    state: s.state,
    creator: fake.actor,
    description: s.description,
    environment: s.environment,
    target_url: s.log_url,
    log_url: s.log_url,
    environment_url: s.environment_url,
    created_at: now,
    updated_at: now,
    deployment_url: `${fake.url}/repos/${d.repo}/deployments/${d.id}`,
    repository_url: `${fake.url}/repos/${d.repo}`,
  };
}

export function installDeployments(fake: FakeGithub): DeploymentStore {
  const all: FakeDeployment[] = [];
  const find = (params: Record<string, string>) =>
    all.find((d) => d.repo === repoOf(params) && d.id === Number(params.id));
  fake.route('POST', '/repos/:owner/:repo/deployments', ({ params, body }) => {
    if (typeof body.ref !== 'string' || body.ref === '') {
      return validationFailed('Deployment', 'ref', 'missing_field');
    }
    const deployment: FakeDeployment = {
      id: fake.nextId(),
      repo: repoOf(params),
      ref: body.ref,
      sha: shaOf(body.ref),
      environment: typeof body.environment === 'string' ? body.environment : 'production',
      description: typeof body.description === 'string' ? body.description : null,
      payload: body.payload ?? {},
      // GitHub's default is true.
      auto_merge: body.auto_merge !== false,
      required_contexts: body.required_contexts,
      statuses: [],
    };
    all.push(deployment);
    return [201, shape(fake, deployment)];
  });
  fake.route('GET', '/repos/:owner/:repo/deployments/:id', ({ params }) => {
    const d = find(params);
    return d === undefined ? [404, { message: 'Not Found' }] : [200, shape(fake, d)];
  });
  fake.route('POST', '/repos/:owner/:repo/deployments/:id/statuses', ({ params, body }) => {
    const d = find(params);
    if (d === undefined) return [404, { message: 'Not Found' }];
    if (typeof body.state !== 'string' || !STATES.has(body.state)) {
      return validationFailed('DeploymentStatus', 'state', 'invalid');
    }
    const status: FakeDeploymentStatus = {
      id: fake.nextId(),
      state: body.state,
      description: typeof body.description === 'string' ? body.description : '',
      environment: typeof body.environment === 'string' ? body.environment : d.environment,
      log_url: typeof body.log_url === 'string' ? body.log_url : '',
      environment_url: typeof body.environment_url === 'string' ? body.environment_url : '',
    };
    d.statuses.push(status);
    return [201, statusShape(fake, d, status)];
  });
  fake.route('GET', '/repos/:owner/:repo/deployments/:id/statuses', ({ params }) => {
    const d = find(params);
    if (d === undefined) return [404, { message: 'Not Found' }];
    return [200, [...d.statuses].reverse().map((s) => statusShape(fake, d, s))];
  });
  return {
    all,
    states: (id) => all.find((d) => d.id === id)?.statuses.map((s) => s.state) ?? [],
  };
}
