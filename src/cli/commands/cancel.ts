// `runbook cancel <run>`: request cancellation; the run rolls back what it finished.
import { Client } from '@temporalio/client';
import { clientExtrasFromEnv } from '../../temporal/process-extras.js';
import type { Command } from '../io.js';
import { cliIdentity } from '../support/cli-identity.js';
import { withClient } from '../support/connection.js';
import { connectionOptions, parseFlags, requireRunId } from '../support/flags.js';
import { existingRun } from '../support/run-handle.js';
import { noWorkerNotice, workerAnswers } from '../support/worker-wait.js';

const HELP = `Usage: runbook cancel <run-id> [--as name]

Cancels a run: the running step is stopped (its process tree terminated), then every finished
step is rolled back in reverse order. Follow it with \`runbook status <run-id>\`.
The request is recorded in the run's history as cli:<--as or your user name> (runbook audit).
The request is recorded at once; when no worker answers for the run, the command says so and
what to start, since nothing is stopped or rolled back until a worker picks the run up.
`;

export const cancelCommand: Command = async (args, io) => {
  const { values, positionals } = parseFlags(
    {
      args: [...args],
      allowPositionals: true,
      options: {
        as: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...connectionOptions,
      },
    },
    HELP,
  );
  if (values.help === true) {
    io.stdout.write(HELP);
    return 0;
  }
  const runId = requireRunId(positionals, HELP);
  const identity = cliIdentity(values.as);
  return withClient(io, values, async (client, settings) => {
    const { handle, description } = await existingRun(client, runId);
    if (description.status.name !== 'RUNNING') {
      io.stderr.write(
        `run ${runId} already ended (${description.status.name}); nothing to cancel\n`,
      );
      return 1;
    }
    // The cancel request carries the client's identity into history: the CLI user, not pid@host.
    const asUser = new Client({
      connection: client.connection,
      namespace: settings.namespace,
      identity,
      ...clientExtrasFromEnv(io.env),
    });
    await asUser.workflow.getHandle(handle.workflowId).cancel();
    io.stdout.write(`cancellation requested for ${runId}; finished steps will be rolled back\n`);
    if (!(await workerAnswers(client, runId))) {
      const notice = await noWorkerNotice(
        client,
        {
          settings,
          runId,
          taskQueue: description.taskQueue,
          purpose: 'stop the running step and roll back',
        },
        0,
      );
      io.stderr.write(
        `warning: the cancellation is recorded but nothing happens until a worker picks the run up: ${notice}\n`,
      );
    }
    return 0;
  });
};
