/**
 * Kubernetes steps (`uses: kubernetes.<action>`): the activity factory, the action table the
 * interpreter reads, the input schemas and the undo records used for automatic compensation.
 */

export {
  ApplyInput,
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
export {
  createKubernetesActivities,
  type KubernetesActivities,
  type KubernetesActivityDeps,
} from './create-kubernetes-activities.js';
export { IN_CLUSTER, type KubeConfigSource, loadKubeConfig } from './kubeconfig.js';
export { FIELD_MANAGER } from './objects.js';
export type {
  KubernetesResult,
  KubernetesUndoRecord,
  ObjectRef,
  RestoreItem,
  RestoreUndo,
  ScaleUndo,
  SetImageUndo,
} from './types.js';
