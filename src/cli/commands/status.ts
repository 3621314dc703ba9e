// `runbook status <run> [--json]`: the step tree of a run, live or finished.
import { progressQuery } from '../../workflows/definitions.js';
import type { RunProgress } from '../../workflows/types.js';
import type { Command } from '../io.js';
import { withClient } from '../support/connection.js';
import { connectionOptions, parseFlags, requireRunId } from '../support/flags.js';
import { finalOutcome } from '../support/follow.js';
import { renderHeader, renderStepLines } from '../support/render-progress.js';
import { existingRun } from '../support/run-handle.js';

const HELP = `Usage: runbook status <run-id> [--json] [--address host:port] [--namespace ns]

Prints the run's steps with their status, attempts, approvals and rollbacks.
`;

export const statusCommand: Command = async (args, io) => {
  const { values, positionals } = parseFlags(
    {
      args: [...args],
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
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
  return withClient(io, values, async (client) => {
    const { handle, description } = await existingRun(client, runId);
    let progress: RunProgress | undefined;
    try {
      progress = await handle.query(progressQuery);
    } catch {
      if (description.status.name !== 'RUNNING')
        progress = (await finalOutcome(client, runId)).progress;
    }
    if (progress === undefined) {
      io.stderr.write(
        `run ${runId} is ${description.status.name} but no worker answers for it; start one with \`runbook worker\`\n`,
      );
      return 1;
    }
    if (values.json) io.stdout.write(`${JSON.stringify(progress, null, 2)}\n`);
    else
      io.stdout.write(
        `${[renderHeader(runId, progress), ...renderStepLines(progress, io.stdout.isTTY === true)].join('\n')}\n${progress.reason ? `reason: ${progress.reason}\n` : ''}`,
      );
    return 0;
  });
};
