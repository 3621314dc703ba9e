/**
 * The `kubernetes.*` actions. Each runs one activity of `createKubernetesActivities(deps)`
 * (src/activities/kubernetes) that returns `{ outputs, undo? }`; an action with an `undo` hands
 * its record to `kubernetesUndo` on compensation. Pure data plus the input schemas.
 */
import type { z } from 'zod';
import { DEFAULT_KUBERNETES_TIMEOUT_MS } from './defaults.js';
import type { ActionContextField, ActionDefinition } from './definition.js';
import {
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
} from './kubernetes-inputs.js';

/** The activity that restores the `undo` record of a Kubernetes step. */
export const KUBERNETES_UNDO_ACTIVITY = 'kubernetesUndo';

interface KubernetesSpec<N extends string, A extends string> {
  readonly name: N;
  readonly activity: A;
  readonly input: z.ZodType;
  readonly mutating: boolean;
  /** Whether a successful run returns an `undo` record that `kubernetesUndo` restores. */
  readonly undo: boolean;
  readonly dryRun: boolean;
  /** Whether a failure part-way hands back the undo of what was done (see ActionDefinition). */
  readonly undoesPartialWork?: boolean;
  readonly context?: readonly ActionContextField[];
  readonly summary: string;
}

/** The GitHub-style anchor of the action's row in docs/kubernetes.md. */
function docsOf(name: string): string {
  return `docs/kubernetes.md#${name.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
}

function kubernetes<const N extends string, const A extends string>(
  spec: KubernetesSpec<N, A>,
): ActionDefinition & { readonly name: N; readonly activity: A } {
  return {
    name: spec.name,
    runs: 'activity',
    activity: spec.activity,
    ...(spec.context === undefined ? {} : { context: spec.context }),
    result: 'outputs',
    input: spec.input,
    timeoutMs: DEFAULT_KUBERNETES_TIMEOUT_MS,
    retry: 'api',
    ...(spec.undo ? { undo: { activity: KUBERNETES_UNDO_ACTIVITY } } : {}),
    ...(spec.undoesPartialWork === true ? { undoesPartialWork: true } : {}),
    dryRun: spec.dryRun,
    mutating: spec.mutating,
    available: true,
    docs: docsOf(spec.name),
    summary: spec.summary,
  };
}

export const KUBERNETES_ACTION_DEFINITIONS = [
  kubernetes({
    name: 'kubernetes.apply',
    activity: 'kubernetesApply',
    input: ApplyInput,
    mutating: true,
    undo: true,
    undoesPartialWork: true,
    dryRun: true,
    // `file:` is read from the run's checkout.
    context: ['workdir'],
    summary: 'Server-side apply of inline YAML or of a file in the run’s checkout.',
  }),
  kubernetes({
    name: 'kubernetes.setImage',
    activity: 'kubernetesSetImage',
    input: SetImageInput,
    mutating: true,
    undo: true,
    dryRun: true,
    summary: 'Sets container images of a Deployment, StatefulSet or DaemonSet.',
  }),
  kubernetes({
    name: 'kubernetes.scale',
    activity: 'kubernetesScale',
    input: ScaleInput,
    mutating: true,
    undo: true,
    dryRun: true,
    summary: 'Sets `spec.replicas` of any kind that has it.',
  }),
  kubernetes({
    name: 'kubernetes.patch',
    activity: 'kubernetesPatch',
    input: PatchInput,
    mutating: true,
    undo: true,
    dryRun: true,
    summary: 'Patches one object: strategic merge, JSON merge or JSON patch.',
  }),
  kubernetes({
    name: 'kubernetes.rolloutUndo',
    activity: 'kubernetesRolloutUndo',
    input: RolloutUndoInput,
    mutating: true,
    undo: false,
    dryRun: true,
    summary: 'Takes a Deployment back to its previous (or a given) revision.',
  }),
  kubernetes({
    name: 'kubernetes.rolloutRestart',
    activity: 'kubernetesRolloutRestart',
    input: RolloutRestartInput,
    mutating: true,
    undo: false,
    dryRun: true,
    summary: 'Restarts the pods of a workload, like `kubectl rollout restart`.',
  }),
  kubernetes({
    name: 'kubernetes.delete',
    activity: 'kubernetesDelete',
    input: DeleteInput,
    mutating: true,
    undo: false,
    dryRun: true,
    summary: 'Deletes one object.',
  }),
  kubernetes({
    name: 'kubernetes.rolloutStatus',
    activity: 'kubernetesRolloutStatus',
    input: RolloutStatusInput,
    mutating: false,
    undo: false,
    dryRun: false,
    summary: 'Waits until a rollout is complete, like `kubectl rollout status`.',
  }),
  kubernetes({
    name: 'kubernetes.get',
    activity: 'kubernetesGet',
    input: GetInput,
    mutating: false,
    undo: false,
    dryRun: false,
    summary: 'Reads one object into the step’s outputs (Secret values redacted).',
  }),
  kubernetes({
    name: 'kubernetes.waitFor',
    activity: 'kubernetesWaitFor',
    input: WaitForInput,
    mutating: false,
    undo: false,
    dryRun: false,
    summary: 'Waits for a condition, a field value, or the deletion of an object.',
  }),
] as const;

/** Every activity the Kubernetes actions need, the undo activity included. */
export type KubernetesActivityName =
  | (typeof KUBERNETES_ACTION_DEFINITIONS)[number]['activity']
  | typeof KUBERNETES_UNDO_ACTIVITY;
