/**
 * `kubernetes.rolloutStatus`: waits until a Deployment, StatefulSet or DaemonSet has rolled out,
 * with `kubectl rollout status` semantics. Watches the object and heartbeats each change; a
 * Deployment whose progress deadline passed fails without retry (`KubernetesProgressDeadlineExceeded`).
 */
import { ApplicationFailure } from '@temporalio/common';
import { RolloutStatusInput } from '../../runbook/actions/index.js';
import { describeRef } from './cluster.js';
import type { ActionEnv } from './env.js';
import { kubeCall } from './errors.js';
import { metadataOf, parseInput } from './objects.js';
import { rolloutState } from './rollout-state.js';
import type { JsonObject, KubernetesResult } from './types.js';
import { watchObject } from './watch-object.js';

export async function rolloutStatus(env: ActionEnv, raw: unknown): Promise<KubernetesResult> {
  const input = parseInput(RolloutStatusInput, raw, 'kubernetes.rolloutStatus');
  const cluster = env.cluster(input.cluster);
  const { ref, info } = await kubeCall({ verb: 'get', cluster }, () => cluster.resolve(input));
  const outputs = await watchObject<JsonObject>({
    cluster,
    info,
    ref,
    what: 'the rollout',
    timeoutSeconds: input.timeoutSeconds,
    check: (object) => {
      if (object === null) {
        throw ApplicationFailure.create({
          type: 'KubernetesNotFound',
          nonRetryable: true,
          message: `${describeRef(ref, info)} not found on ${cluster.description} while waiting for its rollout`,
        });
      }
      const state = rolloutState(object);
      if (state.state === 'failed') {
        throw ApplicationFailure.create({
          type:
            state.reason === 'ProgressDeadlineExceeded'
              ? 'KubernetesProgressDeadlineExceeded'
              : 'KubernetesRolloutFailed',
          nonRetryable: true,
          message: `${state.message} (${describeRef(ref, info)} on ${cluster.description})`,
          details: [{ ...state.counts }],
        });
      }
      if (state.state === 'waiting')
        return { done: false, progress: { message: state.message, ...state.counts } };
      const revision = metadataOf(object).annotations as JsonObject | undefined;
      return {
        done: true,
        value: {
          message: state.message,
          ...state.counts,
          revision: String(revision?.['deployment.kubernetes.io/revision'] ?? ''),
        },
      };
    },
  });
  return { outputs };
}
