/**
 * `createTemporalActivities(deps)`: the `temporal.*` activities (src/runbook/actions/
 * temporal-actions.ts). They reach the Temporal API through the worker's own client
 * (`Context.current().client`, on the worker's connection with its TLS / API key, bound to its
 * namespace), so a worker needs no second set of credentials; tests pass a target of their own.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import {
  DescribeDeploymentInput,
  describeInputIssues,
  SetCurrentVersionInput,
  SetRampingVersionInput,
  type TemporalActivityName,
  WaitDrainedInput,
} from '../../runbook/actions/index.js';
import { RunbookError } from '../../runbook/errors.js';
import type { JsonObject } from '../../runbook/model.js';
import {
  DeploymentConflictError,
  DeploymentNotFoundError,
  type DeploymentState,
  type DeploymentTarget,
  describeDeployment,
  type Routing,
  restoreRouting,
  setCurrentVersion,
  setRampingVersion,
  VersionNotFoundError,
} from '../../temporal/deployments/index.js';

/** What a `temporal.*` step returns; `undo` restores the routing it replaced. */
export interface TemporalResult {
  readonly outputs: JsonObject;
  readonly undo?: TemporalUndoRecord;
}

/** The routing a step replaced. Versioned so an old record in a history stays understood. */
export interface TemporalUndoRecord {
  readonly version: 1;
  readonly deployment: string;
  readonly routing: {
    readonly current: string | null;
    readonly ramping: string | null;
    readonly rampingPercentage: number;
  };
}

export interface TemporalActivityDeps {
  /** Where the API calls go; default: the activity's worker client and its namespace. */
  readonly connection?: () => Pick<DeploymentTarget, 'service' | 'namespace'>;
}

/** The failure types of these activities (see docs/errors.md#worker-deployments). */
export const TemporalFailureType = {
  invalidInput: 'TemporalInvalidInput',
  conflict: 'TemporalDeploymentConflict',
  notFound: 'TemporalDeploymentNotFound',
  refused: 'TemporalDeploymentRefused',
} as const;

function workerConnection(): Pick<DeploymentTarget, 'service' | 'namespace'> {
  const { client } = Context.current();
  return { service: client.workflowService, namespace: client.options.namespace };
}

function identity(): string {
  try {
    const { info } = Context.current();
    const workflowId = info.workflowExecution?.workflowId;
    return workflowId === undefined ? 'runbook' : `runbook:${workflowId}`;
  } catch {
    return 'runbook';
  }
}

function parse<S extends z.ZodType>(schema: S, raw: unknown, action: string): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw ApplicationFailure.create({
    type: TemporalFailureType.invalidInput,
    nonRetryable: true,
    message: `${action}: invalid input: ${describeInputIssues(result.error.issues, raw).join('; ')}. Fix the step's with:; retrying cannot help.`,
  });
}

/**
 * Our errors become non-retryable failures with a type a retry policy can name; a conflict is not
 * retried either: the routing moved under the step, and a person must look.
 */
async function failures<T>(action: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof RunbookError)) throw error;
    const type =
      error instanceof DeploymentConflictError
        ? TemporalFailureType.conflict
        : error instanceof DeploymentNotFoundError || error instanceof VersionNotFoundError
          ? TemporalFailureType.notFound
          : TemporalFailureType.refused;
    throw ApplicationFailure.create({
      type,
      nonRetryable: true,
      message: `${action}: ${error.message} (${error.code})`,
      cause: error,
    });
  }
}

function routingOutputs(state: DeploymentState): JsonObject {
  return {
    current: state.current ?? null,
    ramping: state.ramping?.buildId ?? null,
    rampingPercentage: state.ramping?.percentage ?? 0,
  };
}

function undoOf(deployment: string, routing: Routing): TemporalUndoRecord {
  return {
    version: 1,
    deployment,
    routing: {
      current: routing.current ?? null,
      ramping: routing.ramping ?? null,
      rampingPercentage: routing.rampingPercentage,
    },
  };
}

export function createTemporalActivities(
  deps: TemporalActivityDeps = {},
): Record<TemporalActivityName, (input: never) => Promise<TemporalResult>> {
  const target = (deploymentName: string): DeploymentTarget => ({
    ...(deps.connection ?? workerConnection)(),
    deploymentName,
    identity: identity(),
  });
  return {
    temporalSetCurrentVersion: (raw: unknown) =>
      failures('temporal.setCurrentVersion', async () => {
        const input = parse(SetCurrentVersionInput, raw, 'temporal.setCurrentVersion');
        const to = target(input.deployment);
        const change = await setCurrentVersion(to, await describeDeployment(to), input.buildId);
        return {
          outputs: {
            current: input.buildId,
            previousCurrent: change.before.current ?? null,
            changed: change.changed,
          },
          ...(change.changed ? { undo: undoOf(input.deployment, change.before) } : {}),
        };
      }),
    temporalSetRampingVersion: (raw: unknown) =>
      failures('temporal.setRampingVersion', async () => {
        const input = parse(SetRampingVersionInput, raw, 'temporal.setRampingVersion');
        const to = target(input.deployment);
        const state = await describeDeployment(to);
        const change = await setRampingVersion(to, state, input.buildId, input.percentage);
        return {
          outputs: {
            ramping: input.buildId,
            percentage: input.percentage,
            current: state.current ?? null,
            previousRamping: change.before.ramping ?? null,
            previousPercentage: change.before.rampingPercentage,
            changed: change.changed,
          },
          ...(change.changed ? { undo: undoOf(input.deployment, change.before) } : {}),
        };
      }),
    temporalWaitDrained: (raw: unknown) =>
      failures('temporal.waitDrained', async () => {
        const input = parse(WaitDrainedInput, raw, 'temporal.waitDrained');
        const to = target(input.deployment);
        const context = Context.current();
        for (;;) {
          const state = await describeDeployment(to);
          const version = state.versions.find((v) => v.buildId === input.buildId);
          if (version === undefined) {
            throw new VersionNotFoundError(
              input.deployment,
              input.buildId,
              state.versions.map((v) => v.buildId),
            );
          }
          if (version.drainage === 'drained') {
            return {
              outputs: {
                buildId: input.buildId,
                drainage: 'drained',
                status: version.status,
                ...routingOutputs(state),
              },
            };
          }
          // The step's `timeout:` bounds the wait; a cancelled run stops it at the next sleep.
          context.heartbeat({
            buildId: input.buildId,
            status: version.status,
            drainage: version.drainage,
          });
          await context.sleep(input.pollIntervalSeconds * 1000);
        }
      }),
    temporalDescribeDeployment: (raw: unknown) =>
      failures('temporal.describeDeployment', async () => {
        const input = parse(DescribeDeploymentInput, raw, 'temporal.describeDeployment');
        const state = await describeDeployment(target(input.deployment));
        return {
          outputs: {
            ...routingOutputs(state),
            versions: state.versions.map((v) => ({
              buildId: v.buildId,
              status: v.status,
              drainage: v.drainage,
            })),
          },
        };
      }),
    temporalUndo: (record: TemporalUndoRecord) =>
      failures('temporal undo', async () => {
        if (record === null || typeof record !== 'object' || record.version !== 1) {
          throw ApplicationFailure.create({
            type: TemporalFailureType.invalidInput,
            nonRetryable: true,
            message: `not a temporal.* undo record of a known version: ${JSON.stringify(record)}`,
          });
        }
        const routing: Routing = {
          current: record.routing.current ?? undefined,
          ramping: record.routing.ramping ?? undefined,
          rampingPercentage: record.routing.rampingPercentage,
        };
        const restored = await restoreRouting(target(record.deployment), routing);
        return {
          outputs: {
            ...record.routing,
            restored: restored.changed,
          },
        };
      }),
  };
}
