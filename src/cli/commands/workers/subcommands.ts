// The `runbook workers` subcommands; each decides on one describe and hands its conflict token on.
import {
  deleteVersion,
  describeDeployment,
  pollersByVersion,
  previousCurrentOf,
  RetireRefusedError,
  retireRefusal,
  setCurrentVersion,
  setRampingVersion,
} from '../../../temporal/deployments/index.js';
import { UsageError } from '../../io.js';
import { WORKERS_HELP } from './help.js';
import { renderStatus, statusJson, workerCount } from './render-status.js';
import type { DeploymentCommandContext } from './with-deployment.js';

export type Subcommand = (
  context: DeploymentCommandContext,
  args: readonly string[],
  flags: { readonly json: boolean; readonly stop: boolean },
) => Promise<number>;

function expectArgs(args: readonly string[], count: number, usage: string): void {
  if (args.length !== count) {
    throw new UsageError(`usage: runbook workers ${usage}\n\n${WORKERS_HELP}`);
  }
}

export const status: Subcommand = async (context, args, flags) => {
  expectArgs(args, 0, 'status [--json]');
  const state = await describeDeployment(context);
  const pollers = await pollersByVersion(context, state);
  context.io.stdout.write(
    flags.json
      ? `${JSON.stringify(statusJson(state, context.namespace, pollers), null, 2)}\n`
      : renderStatus(state, context.namespace, pollers),
  );
  return 0;
};

/** A percentage as typed: `10`, `10%` or `12.5`. */
function parsePercent(text: string): number {
  const value = Number(text.replace(/%$/, ''));
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100) {
    throw new UsageError(`the percentage must be a number from 0 to 100, not "${text}"`);
  }
  return value;
}

export const ramp: Subcommand = async (context, args, flags) => {
  const state = await describeDeployment(context);
  if (flags.stop) {
    expectArgs(args, 0, 'ramp --stop');
    const change = await setRampingVersion(context, state, undefined, 0);
    context.io.stdout.write(
      change.changed
        ? `stopped ramping ${change.before.ramping ?? ''} in ${context.deploymentName}; current stays ${state.current ?? 'unversioned'}\n`
        : `${context.deploymentName} was not ramping\n`,
    );
    return 0;
  }
  expectArgs(args, 2, 'ramp <build-id> <percent>');
  const [buildId = '', percentText = ''] = args;
  const change = await setRampingVersion(context, state, buildId, parsePercent(percentText));
  context.io.stdout.write(
    change.changed
      ? `${context.deploymentName}: ${buildId} now gets ${change.after.rampingPercentage} % of new runs (current ${state.current ?? 'unversioned'} gets the rest)\n`
      : `${context.deploymentName}: ${buildId} already ramps at ${change.after.rampingPercentage} %\n`,
  );
  return 0;
};

export const promote: Subcommand = async (context, args) => {
  expectArgs(args, 1, 'promote <build-id>');
  const [buildId = ''] = args;
  const state = await describeDeployment(context);
  const change = await setCurrentVersion(context, state, buildId);
  context.io.stdout.write(
    change.changed
      ? `${context.deploymentName}: ${buildId} is now current (was ${change.before.current ?? 'unversioned'}); runs in flight move to it on their next task\n`
      : `${context.deploymentName}: ${buildId} already is the current version\n`,
  );
  return 0;
};

export const rollback: Subcommand = async (context, args) => {
  expectArgs(args, 0, 'rollback');
  const state = await describeDeployment(context);
  const previous = previousCurrentOf(state);
  const change = await setCurrentVersion(context, state, previous.buildId);
  context.io.stdout.write(
    `${context.deploymentName}: rolled back to ${previous.buildId} (was ${change.before.current ?? 'unversioned'})\n`,
  );
  return 0;
};

export const retire: Subcommand = async (context, args) => {
  expectArgs(args, 1, 'retire <build-id>');
  const [buildId = ''] = args;
  const state = await describeDeployment(context);
  const pollers = await pollersByVersion(context, state);
  const reason = retireRefusal(state, buildId, workerCount(pollers.get(buildId)));
  if (reason !== undefined) throw new RetireRefusedError(context.deploymentName, buildId, reason);
  await deleteVersion(context, buildId);
  context.io.stdout.write(`${context.deploymentName}: retired ${buildId}\n`);
  return 0;
};
