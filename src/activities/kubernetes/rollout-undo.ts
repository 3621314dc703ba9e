/**
 * `kubernetes.rolloutUndo`: like `kubectl rollout undo` for a Deployment — puts back the pod
 * template of the previous revision (or `toRevision`) from the Deployment's ReplicaSets.
 */
import { ApplicationFailure } from '@temporalio/common';
import { RolloutUndoInput } from '../../runbook/actions/index.js';
import { describeRef, resourcePath } from './cluster.js';
import type { ActionEnv } from './env.js';
import { kubeCall } from './errors.js';
import { asObject, getPath, metadataOf, parseInput } from './objects.js';
import type { JsonObject, KubernetesResult } from './types.js';
import { dryRunOutputs, patchObject, readObject } from './write.js';

const REVISION = 'deployment.kubernetes.io/revision';

export async function rolloutUndo(env: ActionEnv, raw: unknown): Promise<KubernetesResult> {
  const input = parseInput(RolloutUndoInput, raw, 'kubernetes.rolloutUndo');
  const cluster = env.cluster(input.cluster);
  const { ref, info } = await kubeCall({ verb: 'get', cluster }, () => cluster.resolve(input));
  const at = { cluster, ref, info };
  const deployment = await readObject(at);
  const uid = metadataOf(deployment).uid;
  const revisionOf = (o: JsonObject) =>
    Number(asObject(metadataOf(o).annotations)?.[REVISION] ?? 0);
  const currentRevision = revisionOf(deployment);

  const rsInfo = await kubeCall({ verb: 'list', cluster }, () =>
    cluster.resourceFor('ReplicaSet', 'apps/v1'),
  );
  const list = await kubeCall(
    {
      verb: 'list',
      cluster,
      info: rsInfo,
      ref: { ...ref, kind: 'ReplicaSet', apiVersion: 'apps/v1' },
    },
    () =>
      cluster.rest.request<JsonObject>({
        method: 'GET',
        path: resourcePath(rsInfo, ref.namespace),
      }),
  );
  const owned = ((list.items ?? []) as JsonObject[]).filter((rs) =>
    ((metadataOf(rs).ownerReferences ?? []) as JsonObject[]).some((o) => o.uid === uid),
  );
  const candidates = owned
    .filter((rs) =>
      input.toRevision !== undefined
        ? revisionOf(rs) === input.toRevision
        : revisionOf(rs) < currentRevision,
    )
    .sort((a, b) => revisionOf(b) - revisionOf(a));
  const target = candidates[0];
  if (target === undefined) {
    throw ApplicationFailure.create({
      type: 'KubernetesNoRevision',
      nonRetryable: true,
      message:
        input.toRevision !== undefined
          ? `${describeRef(ref, info)} has no revision ${input.toRevision} (revisions: ${owned.map(revisionOf).sort().join(', ')})`
          : `${describeRef(ref, info)} has no revision before ${currentRevision} to roll back to`,
    });
  }
  const template = structuredClone(asObject(getPath(target, 'spec.template')) ?? {});
  const labels = asObject(asObject(template.metadata)?.labels);
  if (labels) delete labels['pod-template-hash'];
  const patch = [{ op: 'replace', path: '/spec/template', value: template }];
  const updated = await patchObject(at, 'json', patch, { dryRun: input.dryRun });
  const outputs = {
    kind: ref.kind,
    name: ref.name,
    namespace: ref.namespace ?? null,
    fromRevision: currentRevision,
    toRevision: revisionOf(target),
  };
  if (input.dryRun) return { outputs: { ...outputs, ...dryRunOutputs(at, deployment, updated) } };
  return { outputs };
}
