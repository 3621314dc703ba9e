/** `kubernetes.setImage`: change container images of a Deployment, StatefulSet or DaemonSet. */
import { ApplicationFailure } from '@temporalio/common';
import { SetImageInput } from '../../runbook/actions/index.js';
import type { ActionEnv } from './env.js';
import { kubeCall } from './errors.js';
import { asObject, getPath, metadataOf, parseInput } from './objects.js';
import type { JsonObject, KubernetesResult } from './types.js';
import { dryRunOutputs, patchObject, readObject, retryOnConflict } from './write.js';

export async function setImage(env: ActionEnv, raw: unknown): Promise<KubernetesResult> {
  const input = parseInput(SetImageInput, raw, 'kubernetes.setImage');
  const cluster = env.cluster(input.cluster);
  const { ref, info } = await kubeCall({ verb: 'get', cluster }, () => cluster.resolve(input));
  const at = { cluster, ref, info };
  return retryOnConflict(async (): Promise<KubernetesResult> => {
    const current = await readObject(at);

    const podSpec = asObject(getPath(current, 'spec.template.spec')) ?? {};
    const imagesOf = (list: string) =>
      new Map(
        ((podSpec[list] ?? []) as JsonObject[]).map(
          (c) => [String(c.name), String(c.image)] as const,
        ),
      );
    const containers = imagesOf('containers');
    const initContainers = imagesOf('initContainers');
    const unknown = Object.keys(input.containers).filter(
      (n) => !containers.has(n) && !initContainers.has(n),
    );
    if (unknown.length > 0) {
      throw ApplicationFailure.create({
        type: 'KubernetesInvalidInput',
        nonRetryable: true,
        message: `${ref.kind} "${ref.name}" has no container named ${unknown.map((n) => `"${n}"`).join(', ')}; its containers are ${[...containers.keys(), ...initContainers.keys()].join(', ')}`,
      });
    }

    const previous: Record<string, string> = {};
    const previousInit: Record<string, string> = {};
    const patchContainers: JsonObject[] = [];
    const patchInit: JsonObject[] = [];
    for (const [name, image] of Object.entries(input.containers)) {
      const isMain = containers.has(name);
      const old = (isMain ? containers.get(name) : initContainers.get(name)) as string;
      if (old === image) continue;
      (isMain ? previous : previousInit)[name] = old;
      (isMain ? patchContainers : patchInit).push({ name, image });
    }

    const changed = patchContainers.length + patchInit.length > 0;
    const outputs: JsonObject = {
      kind: ref.kind,
      name: ref.name,
      namespace: ref.namespace ?? null,
      images: { ...input.containers },
      previousImages: { ...previous, ...previousInit },
      changed,
    };
    if (!changed)
      return { outputs: { ...outputs, generation: Number(metadataOf(current).generation ?? 0) } };

    const spec: JsonObject = {};
    if (patchContainers.length > 0) spec.containers = patchContainers;
    if (patchInit.length > 0) spec.initContainers = patchInit;
    // The resourceVersion makes the patch fail with 409 (retried) if the object changed since we
    // read the images we are about to record for undo.
    const patch = {
      metadata: { resourceVersion: String(metadataOf(current).resourceVersion) },
      spec: { template: { spec } },
    };
    const updated = await patchObject(at, 'strategic', patch, { dryRun: input.dryRun });
    if (input.dryRun) return { outputs: { ...outputs, ...dryRunOutputs(at, current, updated) } };
    return {
      outputs: { ...outputs, generation: Number(metadataOf(updated).generation ?? 0) },
      undo: {
        version: 1,
        action: 'setImage',
        ...(input.cluster !== undefined ? { cluster: input.cluster } : {}),
        target: ref,
        containers: previous,
        initContainers: previousInit,
      },
    };
  });
}
