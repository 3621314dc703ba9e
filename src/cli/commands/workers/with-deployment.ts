import type { DeploymentTarget } from '../../../temporal/deployments/index.js';
import type { CliIO } from '../../io.js';
import { UsageError } from '../../io.js';
import { cliIdentity } from '../../support/cli-identity.js';
import { withClient } from '../../support/connection.js';
import { WORKERS_HELP } from './help.js';

/** What a subcommand gets: the deployment to act on, and where to print. */
export interface DeploymentCommandContext extends DeploymentTarget {
  readonly io: CliIO;
}

/** Resolves `--deployment` / RUNBOOK_DEPLOYMENT_NAME, connects, and runs `body`. */
export async function withDeployment(
  io: CliIO,
  flags: {
    deployment?: string | undefined;
    as?: string | undefined;
    address?: string | undefined;
    namespace?: string | undefined;
    'task-queue'?: string | undefined;
  },
  body: (context: DeploymentCommandContext) => Promise<number>,
): Promise<number> {
  const deploymentName = flags.deployment ?? io.env.RUNBOOK_DEPLOYMENT_NAME;
  if (deploymentName === undefined || deploymentName === '') {
    throw new UsageError(
      `which worker deployment? Pass --deployment <name> or set RUNBOOK_DEPLOYMENT_NAME (the name the workers were started with)\n\n${WORKERS_HELP}`,
    );
  }
  const identity = cliIdentity(flags.as);
  return withClient(io, flags, (client, settings) =>
    body({
      io,
      service: client.workflowService,
      namespace: settings.namespace,
      deploymentName,
      identity,
    }),
  );
}
