// `runbook schema`: prints the JSON Schema of runbook files (the same as docs/runbook.schema.json),
// or with `--kind RunbookTest` that of runbook test files (docs/runbook-test.schema.json).
import { runbookJsonSchema } from '../../runbook/index.js';
import { runbookTestJsonSchema } from '../../runbook-test/json-schema.js';
import { type Command, UsageError } from '../io.js';

export const schemaCommand: Command = async (args, io) => {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(
      'Usage: runbook schema [--kind Runbook|RunbookTest]\n\nPrints the JSON Schema of runbook files, or of runbook test files (*.test.yaml).\n',
    );
    return 0;
  }
  const [flag, kind, ...rest] = args;
  if (flag === '--kind' && kind === 'RunbookTest' && rest.length === 0) {
    io.stdout.write(`${JSON.stringify(runbookTestJsonSchema(), null, 2)}\n`);
    return 0;
  }
  if (args.length > 0 && !(flag === '--kind' && kind === 'Runbook' && rest.length === 0))
    throw new UsageError(
      `unexpected argument "${args[0]}"; runbook schema takes only --kind Runbook or --kind RunbookTest`,
    );
  io.stdout.write(`${JSON.stringify(runbookJsonSchema(), null, 2)}\n`);
  return 0;
};
