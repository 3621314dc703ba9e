/**
 * The `temporal.*` actions: Worker Deployment routing from a runbook (the blue-green worker
 * rollout in runbooks/ops/rollout-workers.yaml). Each runs one activity of
 * `createTemporalActivities` (src/activities/temporal) returning `{ outputs, undo? }`; a routing
 * change records the routing it replaced, and `temporalUndo` puts it back on compensation.
 */
import type { z } from 'zod';
import { DEFAULT_TEMPORAL_TIMEOUT_MS, DEFAULT_TEMPORAL_WAIT_TIMEOUT_MS } from './defaults.js';
import type { ActionDefinition } from './definition.js';
import {
  DescribeDeploymentInput,
  SetCurrentVersionInput,
  SetRampingVersionInput,
  WaitDrainedInput,
} from './temporal-inputs.js';

/** The activity that restores the routing a `temporal.*` step replaced. */
export const TEMPORAL_UNDO_ACTIVITY = 'temporalUndo';

interface TemporalSpec<N extends string, A extends string> {
  readonly name: N;
  readonly activity: A;
  readonly input: z.ZodType;
  readonly mutating: boolean;
  readonly undo: boolean;
  readonly timeoutMs: number;
  readonly summary: string;
}

function temporal<const N extends string, const A extends string>(
  spec: TemporalSpec<N, A>,
): ActionDefinition & { readonly name: N; readonly activity: A } {
  return {
    name: spec.name,
    runs: 'activity',
    activity: spec.activity,
    result: 'outputs',
    input: spec.input,
    timeoutMs: spec.timeoutMs,
    retry: 'api',
    ...(spec.undo ? { undo: { activity: TEMPORAL_UNDO_ACTIVITY } } : {}),
    dryRun: false,
    mutating: spec.mutating,
    available: true,
    docs: `docs/versioning.md#${spec.name.toLowerCase().replace(/[^a-z0-9]/g, '')}`,
    summary: spec.summary,
  };
}

export const TEMPORAL_ACTION_DEFINITIONS = [
  temporal({
    name: 'temporal.setCurrentVersion',
    activity: 'temporalSetCurrentVersion',
    input: SetCurrentVersionInput,
    mutating: true,
    undo: true,
    timeoutMs: DEFAULT_TEMPORAL_TIMEOUT_MS,
    summary: 'Makes a build id the current version of a Worker Deployment (100 % of new runs).',
  }),
  temporal({
    name: 'temporal.setRampingVersion',
    activity: 'temporalSetRampingVersion',
    input: SetRampingVersionInput,
    mutating: true,
    undo: true,
    timeoutMs: DEFAULT_TEMPORAL_TIMEOUT_MS,
    summary: 'Sends a percentage of new runs to a build id of a Worker Deployment.',
  }),
  temporal({
    name: 'temporal.waitDrained',
    activity: 'temporalWaitDrained',
    input: WaitDrainedInput,
    mutating: false,
    undo: false,
    timeoutMs: DEFAULT_TEMPORAL_WAIT_TIMEOUT_MS,
    summary: 'Waits until a version has no runs left pinned to it (drainage `drained`).',
  }),
  temporal({
    name: 'temporal.describeDeployment',
    activity: 'temporalDescribeDeployment',
    input: DescribeDeploymentInput,
    mutating: false,
    undo: false,
    timeoutMs: DEFAULT_TEMPORAL_TIMEOUT_MS,
    summary: 'Reads a Worker Deployment: current, ramping and its versions.',
  }),
] as const;

/** Every activity the Temporal actions need, the undo activity included. */
export type TemporalActivityName =
  | (typeof TEMPORAL_ACTION_DEFINITIONS)[number]['activity']
  | typeof TEMPORAL_UNDO_ACTIVITY;
