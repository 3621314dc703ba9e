/** What every Kubernetes action gets from the factory: clusters, heartbeats and cancellation. */
import { Context } from '@temporalio/activity';
import type { Cluster } from './cluster.js';

export interface ActionEnv {
  /** The cluster for a step's `cluster:` value (cached per value). */
  cluster(name: string | undefined): Cluster;
}

/** The current activity's context, or undefined when called outside an activity (e.g. by `plan`). */
export function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/** Records progress; a no-op outside an activity. */
export function heartbeat(details: unknown): void {
  activityContext()?.heartbeat(details);
}

/** Aborted when the activity is cancelled; undefined outside an activity. */
export function cancellationSignal(): AbortSignal | undefined {
  return activityContext()?.cancellationSignal;
}
