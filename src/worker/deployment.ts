// Which Worker Deployment Version a worker registers, if any (docs/versioning.md#worker-deployments).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { VersioningBehavior, WorkerDeploymentVersion } from '@temporalio/common';
import type { WorkerDeploymentOptions } from '@temporalio/worker';
import { RunbookError } from '../runbook/errors.js';

/**
 * The behaviour of every workflow type of a versioned worker: the interpreter and the concurrency
 * lock are both AUTO_UPGRADE (docs/versioning.md#worker-deployments says why). It is set here,
 * worker-wide, and not per workflow with `setWorkflowOptions`: a behaviour declared in workflow
 * code is also sent by unversioned workers, and the server refuses their workflow tasks
 * ("versioning behavior cannot be specified without deployment options"), so every run of the
 * two-command quick start would hang.
 */
export const DEFAULT_VERSIONING_BEHAVIOR: VersioningBehavior = 'AUTO_UPGRADE';

/** Where a worker's build id came from, for its start line and `runbook workers status`. */
export type BuildIdSource = 'RUNBOOK_BUILD_ID' | 'RUNBOOK_IMAGE_TAG' | 'git';

export interface WorkerDeployment {
  readonly version: WorkerDeploymentVersion;
  readonly buildIdSource: BuildIdSource;
}

/**
 * Thrown when a worker is asked to join a Worker Deployment (`RUNBOOK_DEPLOYMENT_NAME`) but no
 * build id can be found, or a name or build id is not one the server accepts.
 */
export class WorkerDeploymentConfigError extends RunbookError {
  readonly code = 'RB9200';
  readonly kind = 'environment';
  constructor(
    message: string,
    readonly setting: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The server's limit on deployment names and build ids (`temporal` CLI says 255 bytes). */
const MAX_ID_LENGTH = 255;

/** The folder this module runs from: a git checkout in development, an image without one. */
const sourceDir = fileURLToPath(new URL('.', import.meta.url));

/** The commit the worker's code was checked out at, or undefined outside a git checkout. */
export function gitCommitOf(dir: string = sourceDir): string | undefined {
  try {
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    }).trim();
    return /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}

function checkId(value: string, setting: string, what: 'name' | 'buildId'): string {
  const trimmed = value.trim();
  // A '.' joins the two in the server's canonical `name.buildId`, so a name may not hold one.
  const bad = what === 'name' ? /[\s.]/ : /\s/;
  if (trimmed === '' || trimmed.length > MAX_ID_LENGTH || bad.test(trimmed)) {
    const rule = what === 'name' ? 'without spaces or dots' : 'without spaces';
    throw new WorkerDeploymentConfigError(
      `${setting}=${JSON.stringify(value)}: must be 1–${MAX_ID_LENGTH} characters ${rule} (e.g. RUNBOOK_DEPLOYMENT_NAME=runbook-runner, RUNBOOK_BUILD_ID=1.4.0-3f2a9c1)`,
      setting,
    );
  }
  return trimmed;
}

/**
 * The deployment version a worker registers: `RUNBOOK_DEPLOYMENT_NAME` plus a build id from
 * `RUNBOOK_BUILD_ID`, else `RUNBOOK_IMAGE_TAG` (set by the Helm chart to the image's tag), else
 * the git commit of the checkout the worker runs from. Undefined without a deployment name: the
 * worker stays unversioned (what the embedded quick start needs, see docs/versioning.md).
 *
 * @throws WorkerDeploymentConfigError when a deployment is named but no build id can be found.
 */
export function workerDeploymentFromEnv(
  env: NodeJS.ProcessEnv,
  gitCommit: () => string | undefined = gitCommitOf,
): WorkerDeployment | undefined {
  const name = env.RUNBOOK_DEPLOYMENT_NAME;
  if (name === undefined || name === '') return undefined;
  const deploymentName = checkId(name, 'RUNBOOK_DEPLOYMENT_NAME', 'name');
  const candidates: ReadonlyArray<[Exclude<BuildIdSource, 'git'>, string | undefined]> = [
    ['RUNBOOK_BUILD_ID', env.RUNBOOK_BUILD_ID],
    ['RUNBOOK_IMAGE_TAG', env.RUNBOOK_IMAGE_TAG],
  ];
  for (const [setting, value] of candidates) {
    if (value !== undefined && value !== '') {
      return {
        version: { deploymentName, buildId: checkId(value, setting, 'buildId') },
        buildIdSource: setting,
      };
    }
  }
  const sha = gitCommit();
  if (sha === undefined) {
    throw new WorkerDeploymentConfigError(
      `RUNBOOK_DEPLOYMENT_NAME=${deploymentName} makes this worker a versioned worker, but it has no build id: set RUNBOOK_BUILD_ID (or RUNBOOK_IMAGE_TAG), or run it from a git checkout so the commit can be used; unset RUNBOOK_DEPLOYMENT_NAME for an unversioned worker`,
      'RUNBOOK_BUILD_ID',
    );
  }
  return { version: { deploymentName, buildId: sha }, buildIdSource: 'git' };
}

/** The options `Worker.create` takes for a versioned worker. */
export function workerDeploymentOptions(deployment: WorkerDeployment): WorkerDeploymentOptions {
  return {
    version: deployment.version,
    useWorkerVersioning: true,
    defaultVersioningBehavior: DEFAULT_VERSIONING_BEHAVIOR,
  };
}
