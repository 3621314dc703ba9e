// `runbook schema`: prints the JSON Schema of runbook files (the same as docs/runbook.schema.json).
import { runbookJsonSchema } from '../../runbook/index.js';
import { type Command, UsageError } from '../io.js';

export const schemaCommand: Command = async (args, io) => {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write('Usage: runbook schema\n\nPrints the JSON Schema of runbook files.\n');
    return 0;
  }
  if (args.length > 0)
    throw new UsageError(`unexpected argument "${args[0]}"; runbook schema takes none`);
  io.stdout.write(`${JSON.stringify(runbookJsonSchema(), null, 2)}\n`);
  return 0;
};
