import { commands } from './commands/index.js';
import type { CliIO } from './io.js';
import { reportError } from './report-error.js';

function usage(io: CliIO): void {
  const width = Math.max(...Object.keys(commands).map((name) => name.length), 8);
  const lines = Object.entries(commands).map(
    ([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`,
  );
  io.stdout.write(
    `Usage: runbook <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun \`runbook <command> --help\` for a command's options.\n`,
  );
}

/** Runs the CLI and returns the exit code; only this module's caller calls process.exit. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    usage(io);
    return name === undefined ? 2 : 0;
  }
  const entry = commands[name];
  if (entry === undefined) {
    io.stderr.write(`runbook: unknown command "${name}". Run \`runbook --help\` for the list.\n`);
    return 2;
  }
  try {
    const command = await entry.load();
    return await command(rest, io);
  } catch (error) {
    const report = reportError(name, error);
    io.stderr.write(report.text);
    return report.exitCode;
  }
}
