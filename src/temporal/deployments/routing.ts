/**
 * Changes a Worker Deployment's routing: which version is current, which one ramps and by how
 * much, and deleting (retiring) a version. Every change hands back the conflict token of the
 * describe it was decided on, so two operators racing get a {@link DeploymentConflictError}
 * instead of silently overwriting each other.
 */
import {
  type DeploymentState,
  type DeploymentTarget,
  describeDeployment,
  type VersionState,
} from './describe.js';
import {
  DeploymentRequestError,
  NoPreviousVersionError,
  RetireRefusedError,
  VersionNotFoundError,
} from './errors.js';
import { serverCall } from './server-call.js';

/** The routing a change replaced: what an undo or a `rollback` puts back. */
export interface Routing {
  /** Undefined: unversioned workers got the new runs. */
  readonly current: string | undefined;
  readonly ramping: string | undefined;
  readonly rampingPercentage: number;
}

export function routingOf(state: DeploymentState): Routing {
  return {
    current: state.current,
    ramping: state.ramping?.buildId,
    rampingPercentage: state.ramping?.percentage ?? 0,
  };
}

function versionOf(state: DeploymentState, buildId: string): VersionState {
  const version = state.versions.find((v) => v.buildId === buildId);
  if (version === undefined) {
    throw new VersionNotFoundError(
      state.deploymentName,
      buildId,
      state.versions.map((v) => v.buildId),
    );
  }
  return version;
}

export interface RoutingChange {
  /** The routing before the change. */
  readonly before: Routing;
  /** The routing the change asked for. */
  readonly after: Routing;
  /** False when the routing already was what was asked (nothing was sent). */
  readonly changed: boolean;
}

/**
 * Makes `buildId` the current version: every new run, and every AUTO_UPGRADE run's next task,
 * goes to its workers. Decided on `state` (describe first); refused with a conflict when the
 * routing changed since.
 */
export async function setCurrentVersion(
  target: DeploymentTarget,
  state: DeploymentState,
  buildId: string,
): Promise<RoutingChange> {
  versionOf(state, buildId);
  const before = routingOf(state);
  const after: Routing = {
    current: buildId,
    ramping: before.ramping === buildId ? undefined : before.ramping,
    rampingPercentage: before.ramping === buildId ? 0 : before.rampingPercentage,
  };
  if (before.current === buildId) return { before, after: before, changed: false };
  await serverCall(target.deploymentName, `make ${buildId} current`, () =>
    target.service.setWorkerDeploymentCurrentVersion({
      namespace: target.namespace,
      deploymentName: target.deploymentName,
      buildId,
      conflictToken: state.conflictToken,
      identity: target.identity,
    }),
  );
  return { before, after, changed: true };
}

/**
 * Sends `percentage` % of new runs (and of AUTO_UPGRADE runs' next tasks) to `buildId`; with
 * `buildId` undefined (or percentage 0 and the same build), stops ramping.
 */
export async function setRampingVersion(
  target: DeploymentTarget,
  state: DeploymentState,
  buildId: string | undefined,
  percentage: number,
): Promise<RoutingChange> {
  if (!(percentage >= 0 && percentage <= 100)) {
    throw new DeploymentRequestError(
      target.deploymentName,
      `ramp ${buildId ?? 'nothing'}`,
      `the percentage must be between 0 and 100, not ${percentage}`,
      3,
    );
  }
  if (buildId !== undefined) versionOf(state, buildId);
  const before = routingOf(state);
  if (buildId !== undefined && buildId === before.current) {
    throw new DeploymentRequestError(
      target.deploymentName,
      `ramp ${buildId}`,
      `${buildId} is already the current version (it gets 100 %); ramp another build id, or stop ramping with \`runbook workers ramp --stop\``,
      9,
    );
  }
  const after: Routing =
    buildId === undefined
      ? { current: before.current, ramping: undefined, rampingPercentage: 0 }
      : { current: before.current, ramping: buildId, rampingPercentage: percentage };
  if (before.ramping === after.ramping && before.rampingPercentage === after.rampingPercentage) {
    return { before, after: before, changed: false };
  }
  await serverCall(
    target.deploymentName,
    buildId === undefined ? 'stop ramping' : `ramp ${buildId} to ${percentage} %`,
    () =>
      target.service.setWorkerDeploymentRampingVersion({
        namespace: target.namespace,
        deploymentName: target.deploymentName,
        buildId: buildId ?? '',
        percentage: buildId === undefined ? 0 : percentage,
        conflictToken: state.conflictToken,
        identity: target.identity,
      }),
  );
  return { before, after, changed: true };
}

/**
 * Puts `routing` back (an undo, or the second half of a rollback): the current version first,
 * then the ramp, each on a fresh describe so the second change carries the token of the first.
 */
export async function restoreRouting(
  target: DeploymentTarget,
  routing: Routing,
): Promise<{ readonly before: Routing; readonly changed: boolean }> {
  let state = await describeDeployment(target);
  const before = routingOf(state);
  let changed = false;
  if (routing.current !== before.current) {
    if (routing.current === undefined) {
      await serverCall(target.deploymentName, 'route new runs to unversioned workers', () =>
        target.service.setWorkerDeploymentCurrentVersion({
          namespace: target.namespace,
          deploymentName: target.deploymentName,
          buildId: '',
          conflictToken: state.conflictToken,
          identity: target.identity,
          allowNoPollers: true,
        }),
      );
      changed = true;
    } else {
      changed = (await setCurrentVersion(target, state, routing.current)).changed;
    }
    state = await describeDeployment(target);
  }
  const now = routingOf(state);
  if (routing.ramping !== now.ramping || routing.rampingPercentage !== now.rampingPercentage) {
    const ramp =
      routing.ramping === undefined || routing.ramping === now.current
        ? await setRampingVersion(target, state, undefined, 0)
        : await setRampingVersion(target, state, routing.ramping, routing.rampingPercentage);
    changed ||= ramp.changed;
  }
  return { before, changed };
}

/**
 * The version `rollback` goes back to: of the versions that are not current, the one that was
 * current most recently — by the server's `lastCurrentTime` where it reports one, else by
 * `lastDeactivationTime` (when it stopped being current or ramping), among versions that were
 * ever active. Ramping-only versions count too: a rollback never goes *forward* past the
 * current version, because any version deactivated before it became current is older.
 */
export function previousCurrentOf(state: DeploymentState): VersionState {
  const candidates = state.versions
    .filter((v) => v.buildId !== state.current)
    .map((v) => ({ version: v, at: v.lastCurrentAt ?? v.lastDeactivatedAt }))
    .filter((c): c is { version: VersionState; at: string } => c.at !== undefined)
    .sort((a, b) => b.at.localeCompare(a.at));
  const [first] = candidates;
  if (first === undefined) throw new NoPreviousVersionError(state.deploymentName);
  return first.version;
}

/** Why `buildId` may not be retired now, or undefined when it may. */
export function retireRefusal(
  state: DeploymentState,
  buildId: string,
  pollers: number,
): string | undefined {
  const version = versionOf(state, buildId);
  if (state.current === buildId) {
    return 'it is the current version; promote another build id first';
  }
  if (state.ramping?.buildId === buildId) {
    return `it is ramping (${state.ramping.percentage} %); stop the ramp or promote it first`;
  }
  if (version.drainage === 'draining') {
    return 'it is still draining: runs pinned to it (or the server’s visibility grace period after it stopped being current) are not over yet; wait until `runbook workers status` shows it drained';
  }
  if (
    version.status !== 'drained' &&
    version.status !== 'inactive' &&
    version.status !== 'created'
  ) {
    return `its status is ${version.status}`;
  }
  if (pollers > 0) {
    return `${pollers} worker poller(s) still serve it; scale its workers to zero first (the server forgets a stopped worker after a few minutes)`;
  }
  return undefined;
}

/**
 * Deletes the version after {@link retireRefusal} found no reason not to; the server's own
 * refusal (it also checks drainage and pollers) becomes a {@link RetireRefusedError} too.
 */
export async function deleteVersion(target: DeploymentTarget, buildId: string): Promise<void> {
  try {
    await serverCall(target.deploymentName, `retire ${buildId}`, () =>
      target.service.deleteWorkerDeploymentVersion({
        namespace: target.namespace,
        deploymentVersion: { deploymentName: target.deploymentName, buildId },
        identity: target.identity,
      }),
    );
  } catch (error) {
    if (error instanceof DeploymentRequestError) {
      throw new RetireRefusedError(target.deploymentName, buildId, error.serverReason, {
        cause: error,
      });
    }
    throw error;
  }
}
