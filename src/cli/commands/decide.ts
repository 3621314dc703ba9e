// `runbook approve|reject <run> [--step id] --as <identity> [--reason …]`.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { approveUpdate, rejectUpdate } from '../../workflows/definitions.js';
import { type Command, UsageError } from '../io.js';
import { cliIdentity } from '../support/cli-identity.js';
import { withClient } from '../support/connection.js';
import { connectionOptions, parseFlags } from '../support/flags.js';
import { existingRun } from '../support/run-handle.js';
import { sendUpdateBounded } from '../support/update-bounded.js';
import { workerWaitMs, workerWaitOption } from '../support/worker-wait.js';

function decide(kind: 'approve' | 'reject'): Command {
  const help = `Usage: runbook ${kind} <run-id> --as <name> [--step id] [--reason text]

${kind === 'approve' ? 'Approves' : 'Rejects'} a step waiting for approval as cli:<name>; the run's people.yaml says which
person that is. The run refuses, without recording anything, a person who is not an allowed
approver, a second vote by the same person (under any of their identities), and a
self-approval when the step forbids it.

The vote is sent only once a worker answers for the run: with none, the command says so after a
few seconds (and what to start), and gives up after --worker-wait (default 1m, or
RUNBOOK_WORKER_WAIT) with exit code 4, having sent nothing.
`;
  return async (args, io) => {
    const { values, positionals } = parseFlags(
      {
        args: [...args],
        allowPositionals: true,
        options: {
          as: { type: 'string' },
          step: { type: 'string' },
          reason: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
          ...workerWaitOption,
          ...connectionOptions,
        },
      },
      help,
    );
    if (values.help === true) {
      io.stdout.write(help);
      return 0;
    }
    const [runId] = positionals;
    if (runId === undefined) throw new UsageError(`expected a run id\n\n${help}`);
    if (values.as === undefined)
      throw new UsageError(`--as <name> is required: say who is deciding\n\n${help}`);
    const approver = cliIdentity(values.as);
    const waitMs = workerWaitMs(values['worker-wait'], io.env);
    return withClient(io, values, async (client, settings) => {
      const { handle, description } = await existingRun(client, runId);
      if (description.status.name !== 'RUNNING') {
        throw new UsageError(
          `run ${runId} already ended (${description.status.name}); there is nothing to ${kind}`,
          1,
        );
      }
      const decision = {
        approver,
        ...(values.step === undefined ? {} : { stepId: values.step }),
        ...(values.reason === undefined ? {} : { reason: values.reason }),
      };
      try {
        await sendUpdateBounded(client, {
          settings,
          runId,
          taskQueue: description.taskQueue,
          waitMs,
          purpose: `record the ${kind === 'approve' ? 'approval' : 'rejection'}`,
          notice: (text) => io.stderr.write(`${text}\n`),
          send: () =>
            handle.executeUpdate(kind === 'approve' ? approveUpdate : rejectUpdate, {
              args: [decision],
            }),
        });
      } catch (error) {
        if (
          error instanceof WorkflowUpdateFailedError ||
          (error as Error).name === 'WorkflowUpdateFailedError'
        ) {
          const cause = (error as { cause?: Error }).cause;
          io.stderr.write(`refused: ${cause?.message ?? (error as Error).message}\n`);
          return 1;
        }
        throw error;
      }
      io.stdout.write(
        `${kind === 'approve' ? 'approved' : 'rejected'} ${runId}${values.step ? ` step ${values.step}` : ''} as ${approver}\n`,
      );
      return 0;
    });
  };
}

export const approveCommand = decide('approve');
export const rejectCommand = decide('reject');
