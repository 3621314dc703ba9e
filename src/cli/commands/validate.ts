// `runbook validate [paths…]`: checks runbook files before merge; exit 0 when clean, 1 otherwise.
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compareDiagnostics } from '../../runbook/diagnostics.js';
import {
  type Diagnostic,
  formatDiagnostic,
  formatGithubAnnotation,
  validateRunbookSet,
} from '../../runbook/index.js';
import { isTestFileName } from '../../runbook-test/parse-test-file.js';
import { type Command, UsageError } from '../io.js';
import { findPeopleFiles } from '../support/people-files.js';
import { readRunbookFile } from '../support/read-runbook-file.js';
import { repositoryRoot } from '../support/repository-root.js';

const FORMATS = ['text', 'json', 'github'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Usage: runbook validate [paths…] [--format text|json|github]

Checks runbook files (directories are searched for *.yaml and *.yml; default: runbooks/), and
the people.yaml files among them or above them that their approvals and spec.access name.
Exit code 0 when every file is valid, 1 when any has an error.
  --format text    file:line:col messages with the source line (default)
  --format json    {"files": n, "diagnostics": [...]}
  --format github  ::error annotations for GitHub Actions pull-request checks
`;

async function collect(path: string, out: string[]): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new UsageError(`no such file or directory: ${path}`);
  if (!info.isDirectory()) {
    // Regular or not: readRunbookFile refuses FIFOs and devices with a diagnostic.
    out.push(path);
    return;
  }
  const entries = await readdir(path, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) await collect(child, out);
    else if (/\.ya?ml$/.test(entry.name) && !isTestFileName(entry.name)) out.push(child);
  }
}

export const validateCommand: Command = async (args, io) => {
  const { values, positionals } = (() => {
    try {
      return parseArgs({
        args: [...args],
        allowPositionals: true,
        options: {
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
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${values.format}"`);
  }
  const roots = positionals.length > 0 ? positionals : ['runbooks'];
  const files: Array<{ file: string; text: string }> = [];
  const refused: Diagnostic[] = [];
  for (const root of roots) {
    const paths: string[] = [];
    const start = resolve(io.cwd, root);
    await collect(start, paths);
    // Files found under a path (and the path itself) must stay in its repository.
    const repository = await repositoryRoot(start);
    for (const path of paths) {
      const file = relative(io.cwd, path) || path;
      const read = await readRunbookFile(path, file, repository);
      if (read.ok) files.push({ file, text: read.text });
      else refused.push(read.diagnostic);
    }
  }
  const people = await findPeopleFiles(files, io.cwd);
  const { diagnostics: checked } = validateRunbookSet(people.runbooks, {
    people: people.directoryFor,
  });
  const diagnostics = [...refused, ...checked, ...people.diagnostics].sort(compareDiagnostics);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  write(
    format,
    diagnostics,
    [...files, ...people.peopleTexts],
    files.length + people.peopleTexts.length + refused.length,
    io.stdout,
    io.stderr,
  );
  if (format === 'text') {
    const summary =
      errors === 0
        ? `${people.runbooks.length} runbook file(s)${people.peopleTexts.length === 0 ? '' : ` and ${people.peopleTexts.length} people file(s)`} valid\n`
        : `${errors} error(s) in ${new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.file)).size} of ${files.length + refused.length} file(s)\n`;
    (errors === 0 ? io.stdout : io.stderr).write(summary);
  }
  return errors === 0 ? 0 : 1;
};

function write(
  format: Format,
  diagnostics: readonly Diagnostic[],
  files: ReadonlyArray<{ file: string; text: string }>,
  fileCount: number,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): void {
  switch (format) {
    case 'json':
      stdout.write(`${JSON.stringify({ files: fileCount, diagnostics }, null, 2)}\n`);
      return;
    case 'github':
      for (const d of diagnostics) stdout.write(`${formatGithubAnnotation(d)}\n`);
      return;
    case 'text': {
      const texts = new Map(files.map((f) => [f.file, f.text]));
      for (const d of diagnostics) stderr.write(`${formatDiagnostic(d, texts.get(d.file))}\n\n`);
      return;
    }
    default: {
      const never: never = format;
      throw new Error(`unhandled format ${String(never)}`);
    }
  }
}
