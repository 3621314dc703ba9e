// Before a run whose steps will run in this process: can this process reach Kubernetes at all?
import { loadKubernetesClient } from '../../activities/kubernetes/client-module.js';
import { loadKubeConfig } from '../../activities/kubernetes/kubeconfig.js';
import { RunbookError } from '../../runbook/errors.js';
import { hasExpression } from '../../runbook/expressions.js';
import type { RunbookDefinition, Step } from '../../runbook/model.js';

/**
 * Thrown by `runbook run` before it starts a run whose Kubernetes steps would run in this
 * process (the embedded dev server) when the kubeconfig those steps need cannot be read: a
 * missing or unreadable `KUBECONFIG` file, no `~/.kube/config`, an unknown `cluster:` context.
 * Nothing was started.
 */
export class KubeconfigUnavailableError extends RunbookError {
  readonly code = 'KubeconfigUnavailable';
  readonly kind = 'environment';
  constructor(
    message: string,
    /** The `cluster:` the steps name (undefined: the kubeconfig's current context). */
    readonly cluster: string | undefined,
    /** The ids of the steps that need it. */
    readonly stepIds: readonly string[],
    options: { readonly cause: unknown },
  ) {
    super(message, options);
  }
}

function* stepsOf(
  steps: readonly Step[],
): Generator<{ id: string; action?: string; with?: unknown; runbook?: string }> {
  for (const step of steps) {
    if (step.kind === 'uses') yield { id: step.id, action: step.action, with: step.with };
    if (step.kind === 'runbook') yield { id: step.id, runbook: step.runbook };
    if (step.kind === 'parallel' || step.kind === 'forEach') yield* stepsOf(step.steps);
    if (step.rollback !== undefined && step.rollback !== 'none' && step.rollback.kind === 'uses')
      yield { id: step.id, action: step.rollback.action, with: step.rollback.with };
  }
}

/**
 * The Kubernetes steps of a run (its child runbooks included), grouped by the `cluster:` they
 * name; a cluster given by an expression is known only at run time and is left out.
 */
export function kubernetesClusters(
  definition: RunbookDefinition,
  children: Readonly<Record<string, RunbookDefinition>>,
): Map<string | undefined, string[]> {
  const clusters = new Map<string | undefined, string[]>();
  const seen = new Set<string>();
  const visit = (runbook: RunbookDefinition) => {
    if (seen.has(runbook.name)) return;
    seen.add(runbook.name);
    for (const step of stepsOf([...runbook.steps, ...runbook.onFailure])) {
      if (step.runbook !== undefined) {
        const child = children[step.runbook];
        if (child !== undefined) visit(child);
        continue;
      }
      if (step.action?.startsWith('kubernetes.') !== true) continue;
      const cluster = (step.with as { cluster?: unknown } | undefined)?.cluster;
      if (typeof cluster === 'string' && hasExpression(cluster)) continue;
      const key = typeof cluster === 'string' ? cluster : undefined;
      clusters.set(key, [...(clusters.get(key) ?? []), step.id]);
    }
  };
  visit(definition);
  return clusters;
}

/** Throws {@link KubeconfigUnavailableError} when a cluster the run's steps need cannot be loaded. */
export async function checkKubeconfig(
  definition: RunbookDefinition,
  children: Readonly<Record<string, RunbookDefinition>>,
): Promise<void> {
  const clusters = kubernetesClusters(definition, children);
  // A run with no Kubernetes step does not pay for loading the client.
  if (clusters.size === 0) return;
  await loadKubernetesClient();
  for (const [cluster, stepIds] of clusters) {
    try {
      loadKubeConfig({}, cluster);
    } catch (error) {
      const which =
        cluster === undefined ? 'the current kubeconfig context' : `cluster "${cluster}"`;
      throw new KubeconfigUnavailableError(
        `the run was not started: its Kubernetes steps (${stepIds.join(', ')}) would run in this process on ${which}, but ${(error as Error).message}. Set KUBECONFIG to a readable kubeconfig (or create ~/.kube/config), or start the run against a Temporal server whose workers have cluster access (--address).`,
        cluster,
        stepIds,
        { cause: error },
      );
    }
  }
}
