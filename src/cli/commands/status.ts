// `runbook status <run> [--json]`: the step tree of a run, live or finished.
import { progressQuery } from '../../workflows/definitions.js';
import type { RunProgress } from '../../workflows/types.js';
import type { Command } from '../io.js';
import { withClient } from '../support/connection.js';
import { connectionOptions, parseFlags, requireRunId } from '../support/flags.js';
import { finalOutcome } from '../support/follow.js';
import { renderHeader, renderPlanBinding, renderStepLines } from '../support/render-progress.js';
import { existingRun } from '../support/run-handle.js';
import {
  noWorkerError,
  WORKER_PROBE_TIMEOUT_MS,
  waitingForWorkerSince,
} from '../support/worker-wait.js';

/** A live worker answers a query in milliseconds; a long history may take a moment to replay. */
const STATUS_QUERY_TIMEOUT_MS = 2 * WORKER_PROBE_TIMEOUT_MS;

const HELP = `Usage: runbook status <run-id> [--json] [--address host:port] [--namespace ns]

Prints the run's steps with their status, attempts, approvals and rollbacks. A running run's
steps come from a worker; when none answers, the command says which task queue needs one and
exits with code 4.
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
  return withClient(io, values, async (client, settings) => {
    const { handle, description } = await existingRun(client, runId);
    let progress: RunProgress | undefined;
    try {
      progress = await client.withDeadline(Date.now() + STATUS_QUERY_TIMEOUT_MS, () =>
        handle.query(progressQuery),
      );
    } catch {
      if (description.status.name !== 'RUNNING')
        progress = (await finalOutcome(client, runId)).progress;
    }
    if (progress === undefined) {
      const since = waitingForWorkerSince(description, Date.now());
      throw await noWorkerError(
        client,
        { settings, runId, taskQueue: description.taskQueue, purpose: 'show the steps' },
        STATUS_QUERY_TIMEOUT_MS,
        since === undefined
          ? `the run is ${description.status.name}`
          : `the run is ${description.status.name} and its next task has waited for a worker since ${new Date(since).toISOString()}`,
        false,
      );
    }
    if (values.json) io.stdout.write(`${JSON.stringify(progress, null, 2)}\n`);
    else
      io.stdout.write(
        `${[renderHeader(runId, progress), ...renderPlanBinding(progress), ...renderStepLines(progress, io.stdout.isTTY === true)].join('\n')}\n${progress.reason ? `reason: ${progress.reason}\n` : ''}`,
      );
    return 0;
  });
};
