// `runbook test [paths…]`: runs the *.test.yaml files beside runbooks on the real interpreter with
// mock activities on Temporal's time-skipping server. Exit 0 when every case passes, 1 when one
// fails, 2 when a test file is invalid (or none is found).
import { appendFile, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { coverageOfResults, runbookBesideTest } from '../../runbook-test/coverage-of-results.js';
import { renderCoverage, renderCoverageMarkdown } from '../../runbook-test/coverage-render.js';
import { TEST_LIMITS } from '../../runbook-test/limits.js';
import { isTestFileName } from '../../runbook-test/parse-test-file.js';
import { githubReport } from '../../runbook-test/report/github-report.js';
import { junitReport } from '../../runbook-test/report/junit-report.js';
import { summarize } from '../../runbook-test/report/summary.js';
import { tapReport } from '../../runbook-test/report/tap-report.js';
import { caseLine, textReport } from '../../runbook-test/report/text-report.js';
import { runTestFiles } from '../../runbook-test/run-tests.js';
import { installRuntime } from '../../worker/runtime.js';
import { ExitCode } from '../exit-codes.js';
import { type Command, UsageError } from '../io.js';

const FORMATS = ['text', 'tap', 'junit', 'github'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Usage: runbook test [paths…] [--format text|tap|junit|github] [--concurrency N] [--coverage]

Runs runbook test files (*.test.yaml; directories are searched; default: runbooks/) on the real
interpreter with mock activities, on Temporal's time-skipping server: approvals that wait days
take milliseconds. See docs/runbook-test-format.md.
Exit code 0 when every case passes, 1 when any fails, 2 when a test file is invalid or none is found.
  --format text     ✔/✖ per case with its duration, the differences of a failed case (default)
  --format tap      TAP version 13
  --format junit    JUnit XML, for CI test reports
  --format github   ::error annotations at the broken expectations, for pull-request checks
  --coverage        per runbook, the steps, when: branches, rollbacks and approval outcomes the
                    cases exercised and those they never did (on stderr with tap and junit)
  --coverage-summary FILE  append that coverage as a Markdown table to FILE ($GITHUB_STEP_SUMMARY)
  --concurrency N   cases run at once, each on its own test server (default ${TEST_LIMITS.defaultConcurrency}, at most ${TEST_LIMITS.maxConcurrency})
`;

async function collect(path: string, out: string[]): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new UsageError(`no such file or directory: ${path}`);
  if (!info.isDirectory()) {
    // A runbook named instead of its test file: the test file beside it.
    out.push(isTestFileName(path) ? path : await runbookBesideTest(path));
    return;
  }
  const entries = await readdir(path, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) await collect(child, out);
    else if (isTestFileName(entry.name)) out.push(child);
  }
}

function parse(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        concurrency: { type: 'string' },
        coverage: { type: 'boolean' },
        'coverage-summary': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${HELP}`);
  }
}

export const testCommand: Command = async (args, io) => {
  const { values, positionals } = parse(args);
  if (values.help === true) {
    io.stdout.write(HELP);
    return ExitCode.Ok;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${values.format}"`);
  }
  const concurrency =
    values.concurrency === undefined ? TEST_LIMITS.defaultConcurrency : Number(values.concurrency);
  if (
    !Number.isInteger(concurrency) ||
    concurrency < 1 ||
    concurrency > TEST_LIMITS.maxConcurrency
  ) {
    throw new UsageError(
      `--concurrency must be a whole number from 1 to ${TEST_LIMITS.maxConcurrency}, not "${values.concurrency}"`,
    );
  }
  const roots = positionals.length > 0 ? positionals : ['runbooks'];
  const paths: string[] = [];
  for (const root of roots) await collect(resolve(io.cwd, root), paths);
  if (paths.length === 0) {
    throw new UsageError(
      `no test files (*.test.yaml) under ${roots.join(', ')} [RB9132]: write one beside the runbook it tests, e.g. runbooks/deploy-service.test.yaml (see docs/runbook-test-format.md)`,
    );
  }
  // Mocked failures are the point of many cases: the SDK's warnings about them are noise here.
  installRuntime(io.env, 'ERROR');
  const started = Date.now();
  const live = format === 'text';
  const files = await runTestFiles(
    paths.map((p) => relative(io.cwd, p) || p),
    {
      cwd: io.cwd,
      env: io.env,
      concurrency,
      ...(live ? { onCase: (_file, result) => io.stderr.write(`${caseLine(result)}\n`) } : {}),
    },
  );
  const durationMs = Date.now() - started;
  switch (format) {
    case 'text':
      io.stdout.write(textReport(files, durationMs));
      break;
    case 'tap':
      io.stdout.write(tapReport(files));
      break;
    case 'junit':
      io.stdout.write(junitReport(files));
      break;
    case 'github':
      io.stdout.write(githubReport(files));
      break;
    default: {
      const never: never = format;
      throw new Error(`unhandled format ${String(never)}; this is a bug`);
    }
  }
  const summaryFile = values['coverage-summary'];
  if (values.coverage === true || summaryFile !== undefined) {
    const coverage = coverageOfResults(files);
    if (values.coverage === true) {
      const out = format === 'tap' || format === 'junit' ? io.stderr : io.stdout;
      out.write(`\n${renderCoverage(coverage)}\n`);
    }
    if (summaryFile !== undefined) {
      await appendFile(resolve(io.cwd, summaryFile), renderCoverageMarkdown(coverage));
    }
  }
  const summary = summarize(files);
  if (summary.invalidFiles > 0) return ExitCode.Usage;
  return summary.fail > 0 ? ExitCode.Failed : ExitCode.Ok;
};
