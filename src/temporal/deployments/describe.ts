/**
 * Reads a Worker Deployment into plain data: its routing (current, ramping), its versions with
 * their status and drainage, and — for `runbook workers status` — the pollers each version has.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { WorkflowService } from '@temporalio/client';
import { DeploymentNotFoundError, DeploymentRequestError } from './errors.js';
import { serverCall } from './server-call.js';

type Timestamp = { seconds?: unknown; nanos?: number | null } | null | undefined;

/** What every routing call needs: the service, the namespace and the deployment's name. */
export interface DeploymentTarget {
  readonly service: WorkflowService;
  readonly namespace: string;
  readonly deploymentName: string;
  /** Recorded by the server as the last modifier (`runbook workers`, a run's step). */
  readonly identity: string;
}

export type VersionStatus =
  | 'inactive'
  | 'current'
  | 'ramping'
  | 'draining'
  | 'drained'
  | 'created'
  | 'unspecified';
export type Drainage = 'draining' | 'drained' | 'none';

export interface VersionState {
  readonly buildId: string;
  readonly status: VersionStatus;
  /** `none`: the version still routes traffic (or never did); drainage is not tracked for it. */
  readonly drainage: Drainage;
  readonly createdAt?: string;
  /** When it last stopped being current (or ramping): what `rollback` orders by. */
  readonly lastCurrentAt?: string;
  readonly lastDeactivatedAt?: string;
  readonly drainageCheckedAt?: string;
}

export interface DeploymentState {
  readonly deploymentName: string;
  /** Hand this back to a change, so that a change made meanwhile by someone else is refused. */
  readonly conflictToken: Uint8Array;
  /** The current build id; undefined when unversioned workers get the new runs. */
  readonly current?: string;
  readonly ramping?: { readonly buildId: string | undefined; readonly percentage: number };
  /** Newest first. */
  readonly versions: readonly VersionState[];
  readonly lastModifier?: string;
}

/** The build id the server names `__unversioned__` (or leaves empty) means "no version". */
function buildIdOf(
  version: { buildId?: string | null } | null | undefined,
  legacy: string | null | undefined,
): string | undefined {
  const id = version?.buildId ?? (legacy === undefined || legacy === null ? '' : legacy);
  if (id === '' || id === '__unversioned__') return undefined;
  // The deprecated string form is `deploymentName.buildId`.
  return version?.buildId ? id : id.slice(id.indexOf('.') + 1);
}

export function isoOf(ts: Timestamp): string | undefined {
  if (ts === null || ts === undefined || ts.seconds === undefined || ts.seconds === null)
    return undefined;
  const ms = Number(String(ts.seconds)) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6);
  return ms > 0 ? new Date(ms).toISOString() : undefined;
}

const STATUS_BY_ENUM: Readonly<Record<number, VersionStatus>> = {
  0: 'unspecified',
  1: 'inactive',
  2: 'current',
  3: 'ramping',
  4: 'draining',
  5: 'drained',
  6: 'created',
};

function drainageOf(status: number | null | undefined): Drainage {
  if (status === 1) return 'draining';
  if (status === 2) return 'drained';
  return 'none';
}

/**
 * Waits before asking again after a NOT_FOUND. The server has been seen to answer NOT_FOUND, once,
 * for a deployment it had just described (a `temporal.waitDrained` step failed so in CI between
 * two successful describes; Temporal's worker controller treats that answer as transient too),
 * and a run waiting for drainage must not fail on one such answer. A deployment that really is
 * missing is reported after these waits, about 3.5 s later.
 */
export const NOT_FOUND_RETRY_DELAYS_MS: readonly number[] = [250, 500, 1000, 1750];

export interface DescribeOptions {
  /** The waits between NOT_FOUND answers (default {@link NOT_FOUND_RETRY_DELAYS_MS}). */
  readonly notFoundRetryDelaysMs?: readonly number[];
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Describes the deployment.
 * @throws DeploymentNotFoundError when the namespace has no deployment of that name.
 */
export async function describeDeployment(
  target: Omit<DeploymentTarget, 'identity'>,
  options: DescribeOptions = {},
): Promise<DeploymentState> {
  const { service, namespace, deploymentName } = target;
  const delays = options.notFoundRetryDelaysMs ?? NOT_FOUND_RETRY_DELAYS_MS;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const describe = () =>
    serverCall(deploymentName, 'describe the deployment', () =>
      service.describeWorkerDeployment({ namespace, deploymentName }),
    );
  const isNotFound = (error: unknown) =>
    error instanceof DeploymentRequestError && error.grpcCode === NOT_FOUND;
  const describeUntilFound = async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await describe();
      } catch (error) {
        const wait = delays[attempt];
        if (!isNotFound(error)) throw error;
        if (wait === undefined) {
          throw new DeploymentNotFoundError(deploymentName, namespace, { cause: error });
        }
        await sleep(wait);
      }
    }
  };
  const response = await describeUntilFound();
  const info = response.workerDeploymentInfo;
  const routing = info?.routingConfig;
  const current = buildIdOf(routing?.currentDeploymentVersion, routing?.currentVersion);
  const rampingId = buildIdOf(routing?.rampingDeploymentVersion, routing?.rampingVersion);
  const percentage = routing?.rampingVersionPercentage ?? 0;
  const versions = (info?.versionSummaries ?? [])
    .map((summary): VersionState | undefined => {
      const buildId = buildIdOf(summary.deploymentVersion, summary.version);
      if (buildId === undefined) return undefined;
      const createdAt = isoOf(summary.createTime);
      const lastCurrentAt = isoOf(summary.lastCurrentTime);
      const lastDeactivatedAt = isoOf(summary.lastDeactivationTime);
      const drainageCheckedAt = isoOf(summary.drainageInfo?.lastCheckedTime);
      return {
        buildId,
        status: STATUS_BY_ENUM[Number(summary.status ?? 0)] ?? 'unspecified',
        drainage: drainageOf(Number(summary.drainageInfo?.status ?? summary.drainageStatus ?? 0)),
        ...(createdAt === undefined ? {} : { createdAt }),
        ...(lastCurrentAt === undefined ? {} : { lastCurrentAt }),
        ...(lastDeactivatedAt === undefined ? {} : { lastDeactivatedAt }),
        ...(drainageCheckedAt === undefined ? {} : { drainageCheckedAt }),
      };
    })
    .filter((v): v is VersionState => v !== undefined)
    .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
  const lastModifier = info?.lastModifierIdentity ?? '';
  return {
    deploymentName,
    conflictToken: response.conflictToken ?? new Uint8Array(),
    ...(current === undefined ? {} : { current }),
    ...(rampingId === undefined && percentage === 0
      ? {}
      : { ramping: { buildId: rampingId, percentage } }),
    versions,
    ...(lastModifier === '' ? {} : { lastModifier }),
  };
}

const NOT_FOUND = 5;

/** One worker polling for a version, as the task queue reports it. */
export interface PollerState {
  readonly identity: string;
  readonly taskQueue: string;
  readonly type: 'workflow' | 'activity';
  readonly lastAccessAt?: string;
}

/**
 * The pollers of each version of the deployment, by build id: the task queues each version
 * polls (from the version's description), each described once per task type. A worker that left
 * is still listed by the server for a few minutes; `lastAccessAt` says when it last polled.
 */
export async function pollersByVersion(
  target: Omit<DeploymentTarget, 'identity'>,
  state: DeploymentState,
): Promise<Map<string, PollerState[]>> {
  const { service, namespace, deploymentName } = target;
  const queues = new Set<string>();
  for (const version of state.versions) {
    const described = await serverCall(deploymentName, 'describe a version', () =>
      service.describeWorkerDeploymentVersion({
        namespace,
        deploymentVersion: { deploymentName, buildId: version.buildId },
      }),
    ).catch(() => undefined); // a version deleted meanwhile has no pollers to show
    for (const queue of described?.versionTaskQueues ?? []) {
      if (queue.name) queues.add(queue.name);
    }
  }
  const result = new Map<string, PollerState[]>(state.versions.map((v) => [v.buildId, []]));
  for (const name of [...queues].sort()) {
    for (const [taskQueueType, type] of [
      [1, 'workflow'],
      [2, 'activity'],
    ] as const) {
      const described = await serverCall(deploymentName, `describe task queue ${name}`, () =>
        service.describeTaskQueue({ namespace, taskQueue: { name }, taskQueueType }),
      );
      for (const poller of described.pollers ?? []) {
        const options = poller.deploymentOptions;
        if (options?.deploymentName !== deploymentName || !options.buildId) continue;
        const lastAccessAt = isoOf(poller.lastAccessTime);
        result.get(options.buildId)?.push({
          identity: poller.identity ?? '',
          taskQueue: name,
          type,
          ...(lastAccessAt === undefined ? {} : { lastAccessAt }),
        });
      }
    }
  }
  return result;
}
