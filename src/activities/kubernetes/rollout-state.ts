/**
 * Whether a workload's rollout is finished, with the semantics (and messages) of
 * `kubectl rollout status`. Pure: evaluates one observed object.
 */
import { asObject, getPath, metadataOf } from './objects.js';
import type { JsonObject } from './types.js';

export type RolloutState =
  | { readonly state: 'done'; readonly message: string; readonly counts: RolloutCounts }
  | { readonly state: 'waiting'; readonly message: string; readonly counts: RolloutCounts }
  | {
      readonly state: 'failed';
      readonly reason: string;
      readonly message: string;
      readonly counts: RolloutCounts;
    };

export interface RolloutCounts {
  readonly generation: number;
  readonly observedGeneration: number;
  readonly replicas: number;
  readonly updatedReplicas: number;
  readonly readyReplicas: number;
  readonly availableReplicas: number;
}

const num = (object: JsonObject, path: string, fallback = 0): number => {
  const value = getPath(object, path);
  return typeof value === 'number' ? value : fallback;
};

export function rolloutState(object: JsonObject): RolloutState {
  const kind = String(object.kind);
  const name = String(metadataOf(object).name);
  switch (kind) {
    case 'Deployment':
      return deploymentState(object, name);
    case 'StatefulSet':
      return statefulSetState(object, name);
    case 'DaemonSet':
      return daemonSetState(object, name);
    default:
      return {
        state: 'failed',
        reason: 'UnsupportedKind',
        message: `rollout status is not defined for kind ${kind}`,
        counts: countsOf(object),
      };
  }
}

function countsOf(object: JsonObject): RolloutCounts {
  return {
    generation: num(object, 'metadata.generation'),
    observedGeneration: num(object, 'status.observedGeneration'),
    replicas: num(object, 'status.replicas'),
    updatedReplicas: num(object, 'status.updatedReplicas'),
    readyReplicas: num(object, 'status.readyReplicas'),
    availableReplicas: num(object, 'status.availableReplicas'),
  };
}

function deploymentState(object: JsonObject, name: string): RolloutState {
  const counts = countsOf(object);
  if (counts.generation > counts.observedGeneration) {
    return {
      state: 'waiting',
      message: 'Waiting for deployment spec update to be observed...',
      counts,
    };
  }
  const conditions = (getPath(object, 'status.conditions') ?? []) as JsonObject[];
  const progressing = conditions.find((c) => asObject(c)?.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      state: 'failed',
      reason: 'ProgressDeadlineExceeded',
      message: `deployment "${name}" exceeded its progress deadline`,
      counts,
    };
  }
  const desired = getPath(object, 'spec.replicas');
  const wanted = typeof desired === 'number' ? desired : 1;
  const waiting = `Waiting for deployment "${name}" rollout to finish: `;
  if (counts.updatedReplicas < wanted) {
    return {
      state: 'waiting',
      message: `${waiting}${counts.updatedReplicas} out of ${wanted} new replicas have been updated...`,
      counts,
    };
  }
  if (counts.replicas > counts.updatedReplicas) {
    return {
      state: 'waiting',
      message: `${waiting}${counts.replicas - counts.updatedReplicas} old replicas are pending termination...`,
      counts,
    };
  }
  if (counts.availableReplicas < counts.updatedReplicas) {
    return {
      state: 'waiting',
      message: `${waiting}${counts.availableReplicas} of ${counts.updatedReplicas} updated replicas are available...`,
      counts,
    };
  }
  return { state: 'done', message: `deployment "${name}" successfully rolled out`, counts };
}

function statefulSetState(object: JsonObject, name: string): RolloutState {
  const counts = countsOf(object);
  const strategy = getPath(object, 'spec.updateStrategy.type');
  if (strategy !== undefined && strategy !== 'RollingUpdate') {
    return {
      state: 'failed',
      reason: 'NotRollingUpdate',
      message: `rollout status is only available for the RollingUpdate strategy (statefulset "${name}" uses ${String(strategy)})`,
      counts,
    };
  }
  if (counts.observedGeneration === 0 || counts.generation > counts.observedGeneration) {
    return {
      state: 'waiting',
      message: 'Waiting for statefulset spec update to be observed...',
      counts,
    };
  }
  const desired = getPath(object, 'spec.replicas');
  const wanted = typeof desired === 'number' ? desired : 1;
  if (counts.readyReplicas < wanted) {
    return {
      state: 'waiting',
      message: `Waiting for ${wanted - counts.readyReplicas} pods to be ready...`,
      counts,
    };
  }
  const partition = getPath(object, 'spec.updateStrategy.rollingUpdate.partition');
  if (typeof partition === 'number' && partition > 0) {
    if (counts.updatedReplicas < wanted - partition) {
      return {
        state: 'waiting',
        message: `Waiting for partitioned roll out to finish: ${counts.updatedReplicas} out of ${wanted - partition} new pods have been updated...`,
        counts,
      };
    }
    return {
      state: 'done',
      message: `partitioned roll out complete: ${counts.updatedReplicas} new pods have been updated...`,
      counts,
    };
  }
  const updateRevision = getPath(object, 'status.updateRevision');
  if (updateRevision !== getPath(object, 'status.currentRevision')) {
    return {
      state: 'waiting',
      message: `waiting for statefulset rolling update to complete ${counts.updatedReplicas} pods at revision ${String(updateRevision)}...`,
      counts,
    };
  }
  return {
    state: 'done',
    message: `statefulset rolling update complete ${counts.readyReplicas} pods at revision ${String(updateRevision)}...`,
    counts,
  };
}

function daemonSetState(object: JsonObject, name: string): RolloutState {
  const counts = countsOf(object);
  const strategy = getPath(object, 'spec.updateStrategy.type');
  if (strategy !== undefined && strategy !== 'RollingUpdate') {
    return {
      state: 'failed',
      reason: 'NotRollingUpdate',
      message: `rollout status is only available for the RollingUpdate strategy (daemon set "${name}" uses ${String(strategy)})`,
      counts,
    };
  }
  if (counts.generation > counts.observedGeneration) {
    return {
      state: 'waiting',
      message: 'Waiting for daemon set spec update to be observed...',
      counts,
    };
  }
  const desired = num(object, 'status.desiredNumberScheduled');
  const updated = num(object, 'status.updatedNumberScheduled');
  const available = num(object, 'status.numberAvailable');
  if (updated < desired) {
    return {
      state: 'waiting',
      message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`,
      counts,
    };
  }
  if (available < desired) {
    return {
      state: 'waiting',
      message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`,
      counts,
    };
  }
  return { state: 'done', message: `daemon set "${name}" successfully rolled out`, counts };
}
