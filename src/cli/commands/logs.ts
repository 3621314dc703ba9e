// `runbook logs <run> [--step id]`: full step logs, kept by the worker in its log folder.
import { readStepLogs } from '../../activities/logs/index.js';
import { type Command, UsageError } from '../io.js';
import { parseFlags } from '../support/flags.js';
import { logDir } from '../support/paths.js';

const HELP = `Usage: runbook logs <run-id> [--step id] [--log-dir dir]

Prints the full output of each step attempt, in the order they started. History keeps only a
bounded tail; the worker writes everything to its log folder (RUNBOOK_LOG_DIR, default
$XDG_STATE_HOME/runbook-runner/logs), which this command reads.
`;

export const logsCommand: Command = async (args, io) => {
  const { values, positionals } = parseFlags(
    {
      args: [...args],
      allowPositionals: true,
      options: {
        step: { type: 'string' },
        'log-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    HELP,
  );
  if (values.help === true) {
    io.stdout.write(HELP);
    return 0;
  }
  const [runId] = positionals;
  if (runId === undefined) throw new UsageError(`expected a run id\n\n${HELP}`);
  const dir = values['log-dir'] ?? logDir(io.env);
  const logs = await readStepLogs({
    logDir: dir,
    runId,
    ...(values.step === undefined ? {} : { stepId: values.step }),
  });
  if (logs.length === 0) {
    io.stderr.write(
      `no logs for run ${runId}${values.step ? ` step ${values.step}` : ''} in ${dir}; logs live on the machine of the worker that ran the step\n`,
    );
    return 1;
  }
  for (const log of logs) {
    io.stdout.write(
      `── ${log.stepId} (attempt ${log.attempt}${log.startedAt ? `, ${log.startedAt}` : ''}) ──\n${log.text}${log.text.endsWith('\n') || log.text === '' ? '' : '\n'}`,
    );
  }
  return 0;
};
