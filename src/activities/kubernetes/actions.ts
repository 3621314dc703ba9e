/**
 * The `kubernetes.*` entries of the action registry (src/runbook/actions) in the shape the
 * workflow interpreter read before the registry existed. Derived, never edited by hand: the
 * registry is the one place an action is declared. Kept only until the interpreter looks actions
 * up in the registry itself; pure, so workflow code may import it.
 */
import {
  KUBERNETES_ACTION_DEFINITIONS,
  type KubernetesActivityName,
  KUBERNETES_UNDO_ACTIVITY as UNDO_ACTIVITY,
} from '../../runbook/actions/index.js';

export type { KubernetesActivityName };

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

/** The activity that restores an `undo` record returned by a step. */
export const KUBERNETES_UNDO_ACTIVITY: KubernetesActivityName = UNDO_ACTIVITY;

/** Keyed by the action name after `uses:`, e.g. `kubernetes.setImage`. */
export const KUBERNETES_ACTIONS: Readonly<Record<string, KubernetesActionInfo>> = Object.freeze(
  Object.assign(
    Object.create(null) as Record<string, KubernetesActionInfo>,
    Object.fromEntries(
      KUBERNETES_ACTION_DEFINITIONS.map((action) => [
        action.name,
        {
          activity: action.activity,
          mutating: action.mutating,
          hasAutomaticUndo: action.undo !== undefined,
          supportsDryRun: action.dryRun,
        },
      ]),
    ),
  ),
);

/** The table entry for an action name, or `undefined` for a name that is not a Kubernetes action. */
export function kubernetesAction(name: string): KubernetesActionInfo | undefined {
  return Object.hasOwn(KUBERNETES_ACTIONS, name) ? KUBERNETES_ACTIONS[name] : undefined;
}
