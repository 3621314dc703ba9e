// `runbook plan <file> -p key=value…`: what a run with these params would do, without running it.
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  formatDiagnostic,
  parseRunbook,
  planRunbook,
  renderPlanText,
  resolveParams,
} from '../../runbook/index.js';
import { type Command, UsageError } from '../io.js';

const HELP = `Usage: runbook plan <file> [-p key=value]… [--format text|json]

Prints the resolved step tree: order, conditions, approval gates, and the rollbacks that would run
if a step failed. Exit code 1 when the runbook or the params are invalid.
`;

export const planCommand: Command = async (args, io) => {
  const { values, positionals } = (() => {
    try {
      return parseArgs({
        args: [...args],
        allowPositionals: true,
        options: {
          param: { type: 'string', short: 'p', multiple: true, default: [] },
          format: { type: 'string', default: 'text' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (error) {
      throw new UsageError(`${(error as Error).message}\n\n${HELP}`);
    }
  })();
  if (values.help === true) {
    io.stdout.write(HELP);
    return 0;
  }
  if (values.format !== 'text' && values.format !== 'json') {
    throw new UsageError(`--format must be text or json, not "${values.format}"`);
  }
  const [target, ...extra] = positionals;
  if (target === undefined || extra.length > 0)
    throw new UsageError(`expected exactly one runbook file\n\n${HELP}`);
  const raw: Record<string, string> = {};
  for (const pair of values.param) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`-p expects key=value, got "${pair}"`);
    raw[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const path = resolve(io.cwd, target);
  const text = await readFile(path, 'utf8').catch(() => {
    throw new UsageError(`cannot read ${target}`);
  });
  const file = relative(io.cwd, path) || target;
  const parsed = parseRunbook(text, file);
  for (const d of parsed.diagnostics) io.stderr.write(`${formatDiagnostic(d, text)}\n\n`);
  if (!parsed.ok) return 1;
  const params = resolveParams(parsed.runbook, raw);
  if (!params.ok) {
    for (const error of params.errors)
      io.stderr.write(`${file}: error: ${error.message} [${error.code}]\n`);
    return 1;
  }
  const plan = planRunbook(parsed.runbook, params.params);
  io.stdout.write(
    values.format === 'json' ? `${JSON.stringify(plan, null, 2)}\n` : renderPlanText(plan),
  );
  return 0;
};
