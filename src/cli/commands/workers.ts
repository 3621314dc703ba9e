// `runbook workers <status|ramp|promote|rollback|retire>`: Worker Deployment routing.
import type { Command } from '../io.js';
import { UsageError } from '../io.js';
import { connectionOptions, parseFlags } from '../support/flags.js';
import { WORKERS_HELP } from './workers/help.js';
import { promote, ramp, retire, rollback, status } from './workers/subcommands.js';
import { withDeployment } from './workers/with-deployment.js';

const SUBCOMMANDS = { status, ramp, promote, rollback, retire } as const;

export const workersCommand: Command = async (args, io) => {
  const { values, positionals } = parseFlags(
    {
      args: [...args],
      allowPositionals: true,
      options: {
        deployment: { type: 'string' },
        json: { type: 'boolean', default: false },
        stop: { type: 'boolean', default: false },
        as: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...connectionOptions,
      },
    },
    WORKERS_HELP,
  );
  const [name, ...rest] = positionals;
  if (values.help === true || name === undefined) {
    io.stdout.write(WORKERS_HELP);
    return values.help === true ? 0 : 2;
  }
  if (!Object.hasOwn(SUBCOMMANDS, name)) {
    throw new UsageError(`unknown subcommand "${name}"\n\n${WORKERS_HELP}`);
  }
  const subcommand = SUBCOMMANDS[name as keyof typeof SUBCOMMANDS];
  return withDeployment(io, values, (deployment) =>
    subcommand(deployment, rest, { json: values.json, stop: values.stop }),
  );
};
