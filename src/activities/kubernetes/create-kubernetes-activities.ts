/**
 * `createKubernetesActivities(deps)`: the Kubernetes activities, registered on a worker under the
 * activity names of the action registry (src/runbook/actions). Each takes the step's rendered
 * `with:` (`kubernetesApply` also the checkout directory), parses it with the registry's schema,
 * and returns `{ outputs, undo? }`.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type {
  DeleteInput,
  GetInput,
  PatchInput,
  RolloutRestartInput,
  RolloutStatusInput,
  RolloutUndoInput,
  ScaleInput,
  SetImageInput,
  WaitForInput,
} from '../../runbook/actions/index.js';
import { type ApplyActivityInput, apply } from './apply.js';
import { loadKubernetesClient } from './client-module.js';
import { Cluster } from './cluster.js';
import { deleteObject } from './delete.js';
import type { ActionEnv } from './env.js';
import { get } from './get.js';
import { type KubeConfigSource, loadKubeConfig } from './kubeconfig.js';
import { patch } from './patch.js';
import { rolloutRestart } from './rollout-restart.js';
import { rolloutStatus } from './rollout-status.js';
import { rolloutUndo } from './rollout-undo.js';
import { scale } from './scale.js';
import { setImage } from './set-image.js';
import type { KubernetesResult, KubernetesUndoRecord } from './types.js';
import { undo } from './undo.js';
import { waitFor } from './wait-for.js';

export interface KubernetesActivityDeps extends KubeConfigSource {
  /**
   * Overrides how credentials are loaded for a step's `cluster:` (absent: the current context).
   * Default: `loadKubeConfig(deps, cluster)` — `kubeconfigPath`, else `KUBECONFIG`, else
   * `~/.kube/config`, else in-cluster.
   */
  readonly loadKubeConfig?: (cluster: string | undefined) => KubeConfig;
}

export function createKubernetesActivities(deps: KubernetesActivityDeps = {}) {
  const clusters = new Map<string, Cluster>();
  const env: ActionEnv = {
    cluster(name) {
      const key = name ?? '';
      let cluster = clusters.get(key);
      if (cluster === undefined) {
        const kc = deps.loadKubeConfig ? deps.loadKubeConfig(name) : loadKubeConfig(deps, name);
        cluster = new Cluster(kc, name);
        clusters.set(key, cluster);
      }
      return cluster;
    },
  };
  /** Every activity loads the Kubernetes client first, once per process (client-module.ts). */
  const withClient =
    <I>(action: (env: ActionEnv, input: I) => Promise<KubernetesResult>) =>
    async (input: I): Promise<KubernetesResult> => {
      await loadKubernetesClient();
      return action(env, input);
    };
  return {
    kubernetesApply: withClient<ApplyActivityInput>(apply),
    kubernetesSetImage: withClient<SetImageInput>(setImage),
    kubernetesScale: withClient<ScaleInput>(scale),
    kubernetesRolloutStatus: withClient<RolloutStatusInput>(rolloutStatus),
    kubernetesRolloutUndo: withClient<RolloutUndoInput>(rolloutUndo),
    kubernetesRolloutRestart: withClient<RolloutRestartInput>(rolloutRestart),
    kubernetesGet: withClient<GetInput>(get),
    kubernetesPatch: withClient<PatchInput>(patch),
    kubernetesDelete: withClient<DeleteInput>(deleteObject),
    kubernetesWaitFor: withClient<WaitForInput>(waitFor),
    kubernetesUndo: withClient<KubernetesUndoRecord>(undo),
  };
}

export type KubernetesActivities = ReturnType<typeof createKubernetesActivities>;
