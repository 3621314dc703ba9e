/**
 * The errors of the Worker Deployment routing commands (`runbook workers`) and actions
 * (`temporal.*`): codes RB9201–RB9209, listed in docs/errors.md.
 */
import { RunbookError } from '../../runbook/errors.js';

/**
 * Thrown when the deployment's routing changed between our describe and our change: another
 * operator (or a rollout runbook) moved it. Nothing was changed by us; look and try again.
 */
export class DeploymentConflictError extends RunbookError {
  readonly code = 'RB9201';
  readonly kind = 'operation';
  constructor(
    readonly deploymentName: string,
    readonly attempted: string,
    options?: { readonly cause?: unknown },
  ) {
    super(
      `worker deployment "${deploymentName}": its routing changed while we were about to ${attempted} (someone else changed it at the same time); nothing was changed by this command. Look at \`runbook workers status\` and run it again if it still applies`,
      options,
    );
  }
}

/** Thrown when the namespace has no Worker Deployment of that name (no versioned worker polled). */
export class DeploymentNotFoundError extends RunbookError {
  readonly code = 'RB9202';
  readonly kind = 'usage';
  constructor(
    readonly deploymentName: string,
    readonly namespace: string,
    options?: { readonly cause?: unknown },
  ) {
    super(
      `no worker deployment "${deploymentName}" in namespace "${namespace}": a deployment exists once a worker with RUNBOOK_DEPLOYMENT_NAME=${deploymentName} has polled. Check --deployment / RUNBOOK_DEPLOYMENT_NAME and --namespace`,
      options,
    );
  }
}

/** Thrown when a build id is not a version of the deployment. */
export class VersionNotFoundError extends RunbookError {
  readonly code = 'RB9203';
  readonly kind = 'usage';
  constructor(
    readonly deploymentName: string,
    readonly buildId: string,
    readonly known: readonly string[],
  ) {
    super(
      `worker deployment "${deploymentName}" has no version with build id "${buildId}" (it has: ${known.length === 0 ? 'none' : known.join(', ')}); a version appears once a worker with RUNBOOK_BUILD_ID=${buildId} has polled`,
    );
  }
}

/** Thrown when `retire` is refused: the version still routes traffic, has runs, or has workers. */
export class RetireRefusedError extends RunbookError {
  readonly code = 'RB9204';
  readonly kind = 'operation';
  constructor(
    readonly deploymentName: string,
    readonly buildId: string,
    readonly reason: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`cannot retire ${deploymentName} build ${buildId}: ${reason}`, options);
  }
}

/** Thrown when `rollback` finds no version that was current before the current one. */
export class NoPreviousVersionError extends RunbookError {
  readonly code = 'RB9205';
  readonly kind = 'operation';
  constructor(readonly deploymentName: string) {
    super(
      `worker deployment "${deploymentName}" has no earlier current version to go back to (none of its other versions was ever current, or they were retired); promote a build id explicitly with \`runbook workers promote <build-id>\``,
    );
  }
}

/** Thrown when the server refuses a routing change for another reason; its reason is kept. */
export class DeploymentRequestError extends RunbookError {
  readonly code = 'RB9206';
  readonly kind = 'operation';
  constructor(
    readonly deploymentName: string,
    readonly attempted: string,
    readonly serverReason: string,
    /** The gRPC status code of the refusal (5 NOT_FOUND, 9 FAILED_PRECONDITION, …). */
    readonly grpcCode: number,
    options?: { readonly cause?: unknown },
  ) {
    super(
      `worker deployment "${deploymentName}": the server refused to ${attempted}: ${serverReason}`,
      options,
    );
  }
}
