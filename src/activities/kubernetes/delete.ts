/**
 * `kubernetes.delete`: deletes one object (background propagation by default). No automatic undo
 * (so nothing of a deleted Secret is recorded); a dry run's diff redacts a Secret's values.
 */

import { DeleteInput } from '../../runbook/actions/index.js';
import { describeRef, objectPath } from './cluster.js';
import { objectDiff } from './diff.js';
import type { ActionEnv } from './env.js';
import { isNotFound, kubeCall } from './errors.js';
import { parseInput } from './objects.js';
import type { JsonObject, KubernetesResult } from './types.js';

export async function deleteObject(env: ActionEnv, raw: unknown): Promise<KubernetesResult> {
  const input = parseInput(DeleteInput, raw, 'kubernetes.delete');
  const cluster = env.cluster(input.cluster);
  const { ref, info } = await kubeCall({ verb: 'get', cluster }, () => cluster.resolve(input));
  const path = objectPath(info, ref);
  const outputs = { kind: ref.kind, name: ref.name, namespace: ref.namespace ?? null };
  const before = input.dryRun
    ? await kubeCall({ verb: 'get', cluster, ref, info }, () =>
        cluster.rest
          .request<JsonObject>({ method: 'GET', path })
          .catch((e) => (isNotFound(e) && input.ignoreNotFound ? null : Promise.reject(e))),
      )
    : null;
  const deleted = await kubeCall({ verb: 'delete', cluster, ref, info }, async () => {
    try {
      await cluster.rest.request({
        method: 'DELETE',
        path,
        query: { dryRun: input.dryRun },
        // With a body, the apiserver reads DeleteOptions from it and ignores the query's dryRun.
        body: {
          propagationPolicy: input.propagationPolicy,
          ...(input.dryRun ? { dryRun: [input.dryRun] } : {}),
        },
      });
      return true;
    } catch (error) {
      if (isNotFound(error) && input.ignoreNotFound) return false;
      throw error;
    }
  });
  if (input.dryRun) {
    return {
      outputs: {
        ...outputs,
        deleted,
        dryRun: true,
        object: null,
        diff: objectDiff(describeRef(ref, info), before, null),
      },
    };
  }
  return { outputs: { ...outputs, deleted } };
}
