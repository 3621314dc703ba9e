// `runbook dev`: the embedded Temporal dev server plus a worker, in the foreground.
import type { Command } from '../io.js';
import { ensureEmbeddedServer, stopEmbeddedServer } from '../support/connection.js';
import { parseFlags } from '../support/flags.js';
import { devServerDir } from '../support/paths.js';
import { workerCommand } from './worker.js';

const HELP = `Usage: runbook dev [--stop]

Starts (or reuses) the embedded Temporal dev server — the real \`temporal server start-dev\`,
state in SQLite under $RUNBOOK_HOME/dev-server — and runs a worker against it until Ctrl-C.
The server keeps running afterwards so runs stay visible; \`runbook dev --stop\` stops it.
`;

export const devCommand: Command = async (args, io) => {
  const { values } = parseFlags(
    {
      args: [...args],
      options: { stop: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    },
    HELP,
  );
  if (values.help === true) {
    io.stdout.write(HELP);
    return 0;
  }
  if (values.stop) {
    io.stdout.write(
      stopEmbeddedServer(io)
        ? 'embedded dev server stopped\n'
        : 'no embedded dev server is running\n',
    );
    return 0;
  }
  const server = await ensureEmbeddedServer(io);
  io.stderr.write(
    `embedded Temporal dev server at ${server.address} (state in ${devServerDir(io.env)})\nWeb UI: ${server.uiUrl}\n`,
  );
  return workerCommand([], { ...io, env: { ...io.env, TEMPORAL_ADDRESS: server.address } });
};
