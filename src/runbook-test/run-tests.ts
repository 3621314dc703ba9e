/**
 * Runs test files: loads and checks each one, then runs every case of the valid ones on a small
 * pool of test rigs (time-skipping servers), at most `concurrency` cases at once, and returns
 * per case whether it passed, what differed, and its {@link CaseTrace}.
 */
import { randomUUID } from 'node:crypto';
import { relative, resolve } from 'node:path';
import type { Diagnostic } from '../runbook/diagnostics.js';
import type { Path } from '../runbook/locate.js';
import type { JsonValue, RunbookDefinition } from '../runbook/model.js';
import { resolveParams } from '../runbook/params.js';
import { buildTrace } from './build-trace.js';
import { CaseStuckError } from './case-deadline.js';
import type { CaseTrace } from './case-trace.js';
import { driveCase } from './drive-case.js';
import { compareExpectations, type ExpectationFailure } from './expectations.js';
import { TEST_LIMITS } from './limits.js';
import { type LoadedTest, loadTestFile } from './load-test-file.js';
import type { RecordedCall } from './mock-activities.js';
import type { TestCase, TestPosition } from './model.js';
import { startTestRig, type TestRig } from './test-rig.js';

/** A difference, placed at the expectation it breaks. */
export interface PlacedFailure extends ExpectationFailure {
  readonly position: TestPosition;
}

export interface CaseResult {
  readonly name: string;
  readonly index: number;
  readonly position: TestPosition;
  readonly passed: boolean;
  readonly failures: readonly PlacedFailure[];
  /** The case could not be run to its end (e.g. it was stuck); it failed. */
  readonly error?: string;
  /** What the run did; absent only when it could not be run. */
  readonly trace?: CaseTrace;
  readonly calls: readonly RecordedCall[];
  /** Real time of the case, from start to result. */
  readonly durationMs: number;
  /** Virtual time the run took on the time-skipping server. */
  readonly virtualMs: number;
}

export interface FileResult {
  readonly file: string;
  /** The runbook under test (its metadata.name), when the file named one. */
  readonly runbook?: string;
  /** The definition the cases ran, when the file was valid (what coverage is measured against). */
  readonly definition?: RunbookDefinition;
  /** Problems that kept the file from running (an invalid test file): exit code 2. */
  readonly diagnostics: readonly Diagnostic[];
  /** The file's text, for code frames. */
  readonly text: string;
  readonly cases: readonly CaseResult[];
}

export interface RunTestsOptions {
  readonly cwd: string;
  /** The environment `real: true` steps see. */
  readonly env: NodeJS.ProcessEnv;
  readonly concurrency?: number;
  /** Real time a case may take before it fails as stuck (default: CASE_WALL_LIMIT_MS). */
  readonly caseWallLimitMs?: number;
  /** Called as each case finishes (for live output). */
  readonly onCase?: (file: FileResult, result: CaseResult) => void;
}

/** Runs `paths` (test files, absolute or relative to `cwd`). */
export async function runTestFiles(
  paths: readonly string[],
  options: RunTestsOptions,
): Promise<FileResult[]> {
  const loaded = await Promise.all(
    paths.map(async (path) => {
      const absolute = resolve(options.cwd, path);
      const shown = relative(options.cwd, absolute) || absolute;
      return { shown, result: await loadTestFile(absolute, shown, options.cwd) };
    }),
  );
  const files: FileResult[] = [];
  const jobs: Array<{ file: LoadedTest; slot: CaseResult[]; testCase: TestCase; at: number }> = [];
  const fileOf = new Map<LoadedTest, FileResult>();
  for (const { shown, result } of loaded) {
    if (!result.ok) {
      files.push({ file: shown, diagnostics: result.diagnostics, text: result.text, cases: [] });
      continue;
    }
    const slot: CaseResult[] = [];
    const file: FileResult = {
      file: shown,
      runbook: result.test.runbook,
      definition: result.definition,
      diagnostics: [],
      text: result.text,
      cases: slot,
    };
    files.push(file);
    fileOf.set(result, file);
    result.test.cases.forEach((testCase, at) => {
      jobs.push({ file: result, slot, testCase, at });
    });
  }
  if (jobs.length === 0) return files;
  const width = Math.max(
    1,
    Math.min(
      options.concurrency ?? TEST_LIMITS.defaultConcurrency,
      TEST_LIMITS.maxConcurrency,
      jobs.length,
    ),
  );
  const rigs = new Set<TestRig>();
  const newRig = async () => {
    const rig = await startTestRig({ env: options.env });
    rigs.add(rig);
    return rig;
  };
  const results = new Map<(typeof jobs)[number], CaseResult>();
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: width }, async () => {
        let rig = await newRig();
        for (let job = jobs[next++]; job !== undefined; job = jobs[next++]) {
          const { result, rigSpoiled } = await runCase(
            rig,
            job.file,
            job.testCase,
            options.caseWallLimitMs,
          );
          if (rigSpoiled) {
            // A stuck run can leave the server's clock held: the next case gets a fresh server.
            rigs.delete(rig);
            await rig.close();
            rig = await newRig();
          }
          results.set(job, result);
          const file = fileOf.get(job.file);
          if (file !== undefined) options.onCase?.(file, result);
        }
      }),
    );
  } finally {
    await Promise.all([...rigs].map((rig) => rig.close()));
  }
  // Cases are reported in file order, whatever order they finished in.
  for (const job of jobs) {
    const result = results.get(job);
    if (result !== undefined) job.slot[job.at] = result;
  }
  return files;
}

/** One file; see {@link runTestFiles}. */
export async function runTestFile(path: string, options: RunTestsOptions): Promise<FileResult> {
  const [file] = await runTestFiles([path], options);
  if (file === undefined) throw new Error('runTestFiles returned no file; this is a bug');
  return file;
}

interface RanCase {
  readonly result: CaseResult;
  /** The rig must not run another case (see {@link CaseStuckError}). */
  readonly rigSpoiled: boolean;
}

async function runCase(
  rig: TestRig,
  file: LoadedTest,
  testCase: TestCase,
  wallLimitMs: number | undefined,
): Promise<RanCase> {
  const raw: Record<string, string> = {};
  for (const [name, value] of Object.entries(testCase.params)) raw[name] = String(value);
  const params = resolveParams(file.definition, raw);
  const started = Date.now();
  const base = {
    name: testCase.name,
    index: testCase.index,
    position: testCase.position,
  };
  const at = (path: Path): TestPosition => {
    const span = file.locator.at(['cases', testCase.index, ...path]);
    return { line: span.line, column: span.column };
  };
  if (!params.ok) {
    // Checked when the file was loaded; kept for safety.
    const result: CaseResult = {
      ...base,
      passed: false,
      failures: [],
      error: params.errors.map((e) => e.message).join('; '),
      calls: [],
      durationMs: 0,
      virtualMs: 0,
    };
    return { result, rigSpoiled: false };
  }
  try {
    const outcome = await driveCase({
      rig,
      workflowId: `runbook-test-${file.test.runbook}-${testCase.index}-${randomUUID()}`,
      definition: file.definition,
      children: file.children,
      people: file.people,
      params: params.params as Record<string, JsonValue>,
      dir: file.dir,
      path: file.runbookPath,
      testCase,
      ...(wallLimitMs === undefined ? {} : { wallLimitMs }),
    });
    const trace = buildTrace(file.definition, outcome.result.progress, outcome.calls);
    const failures: PlacedFailure[] = [
      ...outcome.refusedVotes.map(
        (message): PlacedFailure => ({
          path: ['approvals'],
          message,
          expected: 'the vote counted',
          actual: 'refused',
          position: at(['approvals']),
        }),
      ),
      ...compareExpectations(testCase.expect, {
        trace,
        calls: outcome.calls,
        outputs: outcome.result.outputs,
        ...(outcome.result.reason === undefined ? {} : { reason: outcome.result.reason }),
      }).map((f) => ({ ...f, position: at(f.path) })),
    ];
    const result: CaseResult = {
      ...base,
      passed: failures.length === 0,
      failures,
      trace,
      calls: outcome.calls,
      durationMs: Date.now() - started,
      virtualMs: outcome.virtualMs,
    };
    return { result, rigSpoiled: false };
  } catch (error) {
    const result: CaseResult = {
      ...base,
      passed: false,
      failures: [],
      error: error instanceof Error ? error.message : String(error),
      calls: [],
      durationMs: Date.now() - started,
      virtualMs: 0,
    };
    return { result, rigSpoiled: error instanceof CaseStuckError };
  }
}
