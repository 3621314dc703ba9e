/**
 * The Kubernetes part of `runbook plan`: a `describeStep` hook (see src/runbook/plan.ts) that
 * runs each mutating `kubernetes.*` step as a server-side dry run (`dryRun: 'All'`) with its
 * `with:` rendered from the params, and returns the diff the step would make. Nothing is
 * persisted: the apiserver runs admission, validation and defaulting, then discards the result.
 *
 * A step is not dry-run when its `when:` is false, when its input still holds a template that
 * only the run can fill (e.g. `${{ steps.build.outputs.image }}`), or when its cluster cannot be
 * reached; the details say which. Each dry run sees the cluster as it is now, not as earlier
 * steps of the same plan would leave it.
 */
import { ApplicationFailure } from '@temporalio/common';
import { findAction } from '../../runbook/actions/index.js';
import type { JsonObject, JsonValue, PlannedStep } from '../../runbook/index.js';
import { loadKubernetesClient } from './client-module.js';
import { createKubernetesActivities } from './create-kubernetes-activities.js';
import { describeCluster, type KubeConfigSource, loadKubeConfig } from './kubeconfig.js';
import type { KubernetesResult } from './types.js';

export interface KubernetesDryRunOptions extends KubeConfigSource {
  /** The kubeconfig context for steps that name no `cluster:` (absent: the current context). */
  readonly cluster?: string;
  /** Where `kubernetes.apply` resolves `file:` manifests: the runbook's folder, as in a run. */
  readonly checkoutDir?: string;
  /** The repository `file:` may not leave (symlinks resolved), as in a run. */
  readonly checkoutRoot?: string;
}

export interface KubernetesDryRun {
  /** The hook for `describePlan`: details for mutating Kubernetes steps, undefined for others. */
  describeStep(step: PlannedStep): Promise<JsonValue | undefined>;
  /** One line per cluster the plan touched: dry-run against which server, or why not. */
  notes(): string[];
}

const TEMPLATE = /\$\{\{([\s\S]*?)\}\}/g;

/** The expressions still unrendered in `value` (what the plan could not fill from params). */
function unrendered(value: JsonValue | undefined, found: string[] = []): string[] {
  if (typeof value === 'string') {
    for (const match of value.matchAll(TEMPLATE)) found.push((match[1] ?? '').trim());
  } else if (Array.isArray(value)) {
    for (const item of value) unrendered(item, found);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) unrendered(item, found);
  }
  return found;
}

function isUnreachable(error: unknown): boolean {
  return error instanceof Error && error.name === 'KubernetesUnreachable';
}

/** Creates the dry-run hook. Clusters are loaded lazily, once per `cluster:` value. */
export function createKubernetesDryRun(options: KubernetesDryRunOptions = {}): KubernetesDryRun {
  const source: KubeConfigSource =
    options.kubeconfigPath === undefined ? {} : { kubeconfigPath: options.kubeconfigPath };
  const activities = createKubernetesActivities(source);
  /** Per cluster key: a description, or the reason it cannot be dry-run against. */
  const clusters = new Map<string, { ok: boolean; text: string }>();

  const clusterState = (cluster: string | undefined) => {
    const key = cluster ?? '';
    let state = clusters.get(key);
    if (state === undefined) {
      try {
        state = { ok: true, text: describeCluster(loadKubeConfig(source, cluster)) };
      } catch (error) {
        state = { ok: false, text: (error as Error).message };
      }
      clusters.set(key, state);
    }
    return state;
  };

  const describeStep = async (step: PlannedStep): Promise<JsonValue | undefined> => {
    const action = step.action;
    if (action === undefined) return undefined;
    const info = findAction(action);
    // Only the Kubernetes actions are this hook's to describe; reads change nothing to show.
    if (info === undefined || !action.startsWith('kubernetes.') || !info.mutating) return undefined;
    if (!info.dryRun || info.activity === undefined) {
      return { dryRun: 'unsupported', summary: `dry run: ${action} has none` };
    }
    if (step.condition?.decided === true && !step.condition.value) {
      return { dryRun: 'skipped', summary: 'dry run: none, the step is skipped (when: false)' };
    }
    const input = (step.input ?? {}) as JsonObject;
    const pending = unrendered(input);
    if (pending.length > 0) {
      return {
        dryRun: 'unavailable',
        summary: `dry run: not possible, with: depends on ${pending.map((e) => `\${{ ${e} }}`).join(', ')}, known only when the run gets there`,
      };
    }
    const cluster =
      typeof input.cluster === 'string' ? input.cluster : (options.cluster ?? undefined);
    await loadKubernetesClient();
    const state = clusterState(cluster);
    if (!state.ok) {
      return { dryRun: 'unavailable', summary: 'dry run: not done, no cluster (see note above)' };
    }
    const request = {
      ...input,
      ...(cluster === undefined ? {} : { cluster }),
      ...(action === 'kubernetes.apply' && options.checkoutDir !== undefined
        ? {
            checkoutDir: options.checkoutDir,
            checkoutRoot: options.checkoutRoot ?? options.checkoutDir,
          }
        : {}),
      dryRun: 'All',
    };
    const activity = (activities as Record<string, unknown>)[info.activity] as (
      i: unknown,
    ) => Promise<KubernetesResult>;
    try {
      const { outputs } = await activity(request);
      const diff = typeof outputs.diff === 'string' ? outputs.diff : '';
      return diff === ''
        ? {
            dryRun: 'ok',
            changes: false,
            summary: `server-side dry run on ${state.text}: no change`,
          }
        : {
            dryRun: 'ok',
            changes: true,
            summary: `server-side dry run (dryRun=All) on ${state.text} would change:`,
            text: diff,
          };
    } catch (error) {
      if (isUnreachable(error)) {
        // The activity's message ends in "retrying with backoff"; a plan does not retry.
        const cause = (error as Error).cause;
        const reason = cause instanceof Error && isUnreachable(cause) ? cause : (error as Error);
        clusters.set(cluster ?? '', { ok: false, text: reason.message });
        return {
          dryRun: 'unavailable',
          summary: 'dry run: not done, the cluster is unreachable (see note above)',
        };
      }
      const type = error instanceof ApplicationFailure ? (error.type ?? 'Error') : 'Error';
      return {
        dryRun: 'failed',
        error: type,
        summary: `server-side dry run on ${state.text}: the step would FAIL: ${type}: ${(error as Error).message}`,
      };
    }
  };

  const notes = () =>
    [...clusters.entries()].map(([key, state]) => {
      const which = key === '' ? 'the current kubeconfig context' : `cluster "${key}"`;
      return state.ok
        ? `Kubernetes steps on ${which} were dry-run server-side (dryRun=All) against ${state.text}; nothing was changed. Each dry run sees the cluster as it is now, not after the steps before it.`
        : `Kubernetes steps on ${which} were NOT dry-run: no cluster reachable (${state.text}). The plan shows the steps only.`;
    });

  return { describeStep, notes };
}
