/**
 * What each `kubernetes.*` action runs and whether it changes the cluster.
 *
 * Pure data with no imports, so workflow code may use it: the interpreter looks up the activity
 * for `uses: kubernetes.<action>`, and for a mutating action with `hasAutomaticUndo` it keeps the
 * step's returned `undo` record and, on compensation, calls `kubernetesUndo(undo)` unless the step
 * says `rollback: none`. `runbook plan` dry-runs the actions that have `supportsDryRun`.
 */

export interface KubernetesActionInfo {
  /** The activity's name in `createKubernetesActivities(deps)`. */
  readonly activity: KubernetesActivityName;
  /** Whether the action writes to the cluster. */
  readonly mutating: boolean;
  /** Whether a successful run returns an `undo` record that `kubernetesUndo` can restore. */
  readonly hasAutomaticUndo: boolean;
  /** Whether the input accepts `dryRun: 'All'` (a server-side dry run returning a diff). */
  readonly supportsDryRun: boolean;
}

export type KubernetesActivityName =
  | 'kubernetesApply'
  | 'kubernetesSetImage'
  | 'kubernetesScale'
  | 'kubernetesRolloutStatus'
  | 'kubernetesRolloutUndo'
  | 'kubernetesRolloutRestart'
  | 'kubernetesGet'
  | 'kubernetesPatch'
  | 'kubernetesDelete'
  | 'kubernetesWaitFor'
  | 'kubernetesUndo';

/** The activity that restores an `undo` record returned by a step. */
export const KUBERNETES_UNDO_ACTIVITY: KubernetesActivityName = 'kubernetesUndo';

/** Keyed by the action name after `uses:`, e.g. `kubernetes.setImage`. */
export const KUBERNETES_ACTIONS: Readonly<Record<string, KubernetesActionInfo>> = {
  'kubernetes.apply': {
    activity: 'kubernetesApply',
    mutating: true,
    hasAutomaticUndo: true,
    supportsDryRun: true,
  },
  'kubernetes.setImage': {
    activity: 'kubernetesSetImage',
    mutating: true,
    hasAutomaticUndo: true,
    supportsDryRun: true,
  },
  'kubernetes.scale': {
    activity: 'kubernetesScale',
    mutating: true,
    hasAutomaticUndo: true,
    supportsDryRun: true,
  },
  'kubernetes.patch': {
    activity: 'kubernetesPatch',
    mutating: true,
    hasAutomaticUndo: true,
    supportsDryRun: true,
  },
  'kubernetes.rolloutUndo': {
    activity: 'kubernetesRolloutUndo',
    mutating: true,
    hasAutomaticUndo: false,
    supportsDryRun: true,
  },
  'kubernetes.rolloutRestart': {
    activity: 'kubernetesRolloutRestart',
    mutating: true,
    hasAutomaticUndo: false,
    supportsDryRun: true,
  },
  'kubernetes.delete': {
    activity: 'kubernetesDelete',
    mutating: true,
    hasAutomaticUndo: false,
    supportsDryRun: true,
  },
  'kubernetes.rolloutStatus': {
    activity: 'kubernetesRolloutStatus',
    mutating: false,
    hasAutomaticUndo: false,
    supportsDryRun: false,
  },
  'kubernetes.get': {
    activity: 'kubernetesGet',
    mutating: false,
    hasAutomaticUndo: false,
    supportsDryRun: false,
  },
  'kubernetes.waitFor': {
    activity: 'kubernetesWaitFor',
    mutating: false,
    hasAutomaticUndo: false,
    supportsDryRun: false,
  },
};

/** The table entry for an action name, or `undefined` for a name that is not a Kubernetes action. */
export function kubernetesAction(name: string): KubernetesActionInfo | undefined {
  return Object.hasOwn(KUBERNETES_ACTIONS, name) ? KUBERNETES_ACTIONS[name] : undefined;
}
