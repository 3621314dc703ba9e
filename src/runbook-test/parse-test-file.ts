/**
 * A runbook test file's text → a validated {@link RunbookTestFile}, or every problem with its
 * `file:line:col` and what to write instead. Structure only: whether the steps, approvals and
 * people it names exist is check-against-runbook.ts's job. Pure: no I/O.
 */
import { capPerFile, compareDiagnostics, type Diagnostic } from '../runbook/diagnostics.js';
import { parseDuration } from '../runbook/duration.js';
import type { Locator } from '../runbook/locate.js';
import type { JsonObject } from '../runbook/model.js';
import { API_VERSION } from '../runbook/schema.js';
import { issuesToDiagnostics } from '../runbook/schema-issues.js';
import { STRUCTURAL_CODE_MAP } from './diagnostic-codes.js';
import { TEST_LIMITS } from './limits.js';
import type {
  ApprovalPlan,
  CallExpectation,
  Expectations,
  FailMock,
  RunbookTestFile,
  StepMock,
  TestCase,
} from './model.js';
import { readYaml } from './read-yaml.js';
import { type RawRunbookTest, type RawTestCase, RunbookTestSchema, TEST_KIND } from './schema.js';

export type ParseTestFileResult =
  | {
      readonly ok: true;
      readonly test: RunbookTestFile;
      /** Positions in the file, for the cross-check against the runbook. */
      readonly locator: Locator;
    }
  | { readonly ok: false; readonly diagnostics: Diagnostic[] };

/** Whether a path names a runbook test file (`*.test.yaml` / `*.test.yml`). */
export function isTestFileName(path: string): boolean {
  return /\.test\.ya?ml$/.test(path);
}

export function parseTestFile(text: string, file: string): ParseTestFileResult {
  const read = readYaml(text, file, TEST_LIMITS.maxFileBytes);
  if (!read.ok) return { ok: false, diagnostics: capPerFile(read.diagnostics) };
  const { value, locator } = read;
  if (
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    (value as { kind?: unknown }).kind !== TEST_KIND
  ) {
    const kind = (value as { kind?: unknown } | null)?.kind;
    const where = kind === undefined ? { line: 1, column: 1 } : locator.at(['kind']);
    return {
      ok: false,
      diagnostics: [
        {
          code: 'RB9105',
          severity: 'error',
          message:
            kind === undefined
              ? `this file is not a runbook test: expected a mapping with "kind: ${TEST_KIND}"`
              : `this file is not a runbook test: kind is ${JSON.stringify(kind)}, not "${TEST_KIND}"`,
          file,
          line: where.line,
          column: where.column,
          hint: `start the file with "apiVersion: ${API_VERSION}" and "kind: ${TEST_KIND}", then "runbook:" and "cases:"; test files are named <runbook>.test.yaml`,
        },
      ],
    };
  }
  const parsed = RunbookTestSchema.safeParse(value);
  if (!parsed.success) {
    const diagnostics = issuesToDiagnostics(parsed.error.issues, {
      schema: RunbookTestSchema,
      root: value,
      basePath: [],
      locator,
    }).map(ownCode);
    return { ok: false, diagnostics: capPerFile(dedupe(diagnostics).sort(compareDiagnostics)) };
  }
  const problems = checkCases(parsed.data, locator);
  if (problems.length > 0) {
    return { ok: false, diagnostics: capPerFile(problems.sort(compareDiagnostics)) };
  }
  return { ok: true, test: normalize(parsed.data, locator), locator };
}

function ownCode(d: Diagnostic): Diagnostic {
  const code = STRUCTURAL_CODE_MAP[d.code];
  return code === undefined ? d : { ...d, code };
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}:${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Rules the schema cannot say: unique case names, one decision per vote, a non-empty expect. */
function checkCases(raw: RawRunbookTest, locator: Locator): Diagnostic[] {
  const out: Diagnostic[] = [];
  const problem = (
    code: string,
    path: ReadonlyArray<string | number>,
    message: string,
    hint: string,
    part: 'key' | 'value' = 'value',
  ) => {
    out.push({
      code,
      severity: 'error',
      message,
      file: locator.file,
      ...locator.at(path, part),
      hint,
    });
  };
  const names = new Map<string, number>();
  raw.cases.forEach((c, i) => {
    const first = names.get(c.name);
    if (first !== undefined) {
      problem(
        'RB9116',
        ['cases', i, 'name'],
        `two cases are named "${c.name}" (cases[${first}] and cases[${i}])`,
        'give each case its own name: reports and coverage tell cases apart by name',
      );
    } else {
      names.set(c.name, i);
    }
    (c.approvals ?? []).forEach((a, j) => {
      if (a.approve !== undefined && a.reject !== undefined) {
        problem(
          'RB9119',
          ['cases', i, 'approvals', j, 'reject'],
          `cases[${i}].approvals[${j}] both approves and rejects step "${a.step}"`,
          'write two entries, one with approve: and one with reject:, with their own after:',
          'key',
        );
      }
    });
    for (const [id, mock] of Object.entries(c.steps ?? {})) {
      if (
        mock.fail !== undefined &&
        mock.outputs !== undefined &&
        mock.fail.attempts === undefined
      ) {
        problem(
          'RB9119',
          ['cases', i, 'steps', id, 'outputs'],
          `steps.${id} has outputs but fails every attempt, so the outputs are never returned`,
          'add fail.attempts (fail that many times, then succeed with these outputs), or remove outputs:',
          'key',
        );
      }
      if (mock.real === true && (mock.fail !== undefined || mock.outputs !== undefined)) {
        problem(
          'RB9119',
          ['cases', i, 'steps', id, 'real'],
          `steps.${id} runs for real (real: true) and is mocked as well`,
          'remove real: true to mock it, or remove outputs:/fail: to run the command',
          'key',
        );
      }
    }
    if (Object.keys(c.expect).length === 0) {
      problem(
        'RB9120',
        ['cases', i, 'expect'],
        `case "${c.name}" expects nothing, so it could never fail`,
        'add at least "status:" (e.g. status: Succeeded)',
      );
    }
    for (const [j, call] of (c.expect.calls ?? []).entries()) {
      if (call.with === undefined && call.argv === undefined) {
        problem(
          'RB9102',
          ['cases', i, 'expect', 'calls', j],
          `expect.calls[${j}] names step "${call.step}" but not what it was called with`,
          'add "with:" (for a uses: step) or "argv:" (for a run: step)',
        );
      }
    }
  });
  return out;
}

function failOf(raw: NonNullable<NonNullable<RawTestCase['steps']>[string]['fail']>): FailMock {
  return {
    ...(raw.exitCode === undefined ? {} : { exitCode: raw.exitCode }),
    ...(raw.stderr === undefined ? {} : { stderr: raw.stderr }),
    ...(raw.message === undefined ? {} : { message: raw.message }),
    ...(raw.attempts === undefined ? {} : { attempts: raw.attempts }),
  };
}

function normalize(raw: RawRunbookTest, locator: Locator): RunbookTestFile {
  return {
    file: locator.file,
    runbook: raw.runbook,
    cases: raw.cases.map((c, index): TestCase => {
      const position = locator.at(['cases', index, 'name']);
      const approvals = (c.approvals ?? []).map(
        (a): ApprovalPlan => ({
          step: a.step,
          afterMs: a.after === undefined ? 0 : parseDuration(a.after),
          decision:
            a.approve !== undefined ? 'approve' : a.reject !== undefined ? 'reject' : 'timeout',
          people: a.approve ?? a.reject ?? [],
        }),
      );
      const steps: Record<string, StepMock> = {};
      for (const [id, m] of Object.entries(c.steps ?? {})) {
        steps[id] = {
          real: m.real === true,
          ...(m.outputs === undefined ? {} : { outputs: m.outputs as JsonObject }),
          ...(m.fail === undefined ? {} : { fail: failOf(m.fail) }),
          ...(m.duration === undefined ? {} : { durationMs: parseDuration(m.duration) }),
          ...(m.rollback === undefined
            ? {}
            : { rollback: m.rollback.fail === undefined ? {} : { fail: failOf(m.rollback.fail) } }),
        };
      }
      const e = c.expect;
      const expect: Expectations = {
        ...(e.status === undefined ? {} : { status: e.status }),
        ...(e.ran === undefined ? {} : { ran: e.ran }),
        ...(e.skipped === undefined ? {} : { skipped: e.skipped }),
        ...(e.rolledBack === undefined ? {} : { rolledBack: e.rolledBack }),
        ...(e.rollbackFailed === undefined ? {} : { rollbackFailed: e.rollbackFailed }),
        ...(e.calls === undefined
          ? {}
          : {
              calls: e.calls.map(
                (call): CallExpectation => ({
                  step: call.step,
                  rollback: call.rollback === true,
                  ...(call.with === undefined ? {} : { with: call.with as JsonObject }),
                  ...(call.argv === undefined ? {} : { argv: call.argv }),
                }),
              ),
            }),
        ...(e.outputs === undefined
          ? {}
          : { outputs: e.outputs as Readonly<Record<string, JsonObject>> }),
        ...(e.approvers === undefined ? {} : { approvers: e.approvers }),
      };
      return {
        index,
        name: c.name,
        position: { line: position.line, column: position.column },
        params: c.params ?? {},
        approvals,
        steps,
        expect,
      };
    }),
  };
}
