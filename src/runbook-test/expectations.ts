/**
 * Compares what a case expected with what its run did (the trace, the recorded calls, the run's
 * outputs), and says each difference with expected and actual side by side. Pure.
 */
import { isDeepStrictEqual } from 'node:util';
import type { JsonObject, JsonValue } from '../runbook/model.js';
import { stepIdOfKey } from './call-site.js';
import type { CaseTrace } from './case-trace.js';
import type { RecordedCall } from './mock-activities.js';
import type { CallExpectation, Expectations } from './model.js';

/** One expectation that the run did not meet. */
export interface ExpectationFailure {
  /** The expectation's path under the case, e.g. `expect.rolledBack`, `expect.calls[1]`. */
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
  readonly expected: JsonValue;
  readonly actual: JsonValue;
}

export interface Observed {
  readonly trace: CaseTrace;
  readonly calls: readonly RecordedCall[];
  /** The run's outputs by step key. */
  readonly outputs: Readonly<Record<string, Record<string, JsonValue>>>;
  /** Why the run failed, when it did (shown with a status mismatch). */
  readonly reason?: string;
}

export function compareExpectations(expect: Expectations, seen: Observed): ExpectationFailure[] {
  const out: ExpectationFailure[] = [];
  const { trace } = seen;
  if (expect.status !== undefined && expect.status !== trace.status) {
    out.push({
      path: ['expect', 'status'],
      message: `the run ended ${trace.status}, not ${expect.status}${seen.reason === undefined ? '' : ` (${seen.reason})`}`,
      expected: expect.status,
      actual: trace.status,
    });
  }
  const lists: Array<
    ['ran' | 'skipped' | 'rolledBack' | 'rollbackFailed', string, readonly string[]]
  > = [
    ['ran', 'the steps that ran differ', trace.ran],
    ['skipped', 'the steps skipped by when: differ', trace.skipped],
    ['rolledBack', 'the steps rolled back differ', trace.rolledBack.map((r) => r.step)],
    [
      'rollbackFailed',
      'the steps whose rollback failed differ',
      trace.rolledBack.filter((r) => !r.ok).map((r) => r.step),
    ],
  ];
  for (const [field, message, actual] of lists) {
    const expected = expect[field];
    if (expected !== undefined && !isDeepStrictEqual([...expected], [...actual])) {
      out.push({ path: ['expect', field], message, expected: [...expected], actual: [...actual] });
    }
  }
  if (expect.rolledBack !== undefined) {
    // A failed rollback the case expects (rollbackFailed:) is not a surprise.
    const failed = trace.rolledBack.filter(
      (r) =>
        !r.ok && expect.rolledBack?.includes(r.step) && !expect.rollbackFailed?.includes(r.step),
    );
    for (const r of failed) {
      out.push({
        path: ['expect', 'rolledBack'],
        message: `the rollback of step "${r.step}" ran but failed (name it in rollbackFailed: if the case expects that)`,
        expected: 'rollback succeeded',
        actual: 'rollback failed',
      });
    }
  }
  (expect.calls ?? []).forEach((call, index) => {
    const failure = compareCall(call, seen.calls);
    if (failure !== undefined) out.push({ ...failure, path: ['expect', 'calls', index] });
  });
  for (const [step, wanted] of Object.entries(expect.outputs ?? {})) {
    const actual = outputsOf(seen.outputs, step);
    const differs = Object.entries(wanted).some(
      ([name, value]) => actual === undefined || !isDeepStrictEqual(actual[name], value),
    );
    if (differs) {
      out.push({
        path: ['expect', 'outputs', step],
        message:
          actual === undefined
            ? `step "${step}" has no outputs: it did not succeed`
            : `the outputs of step "${step}" differ`,
        expected: wanted,
        actual: actual === undefined ? null : pick(actual, Object.keys(wanted)),
      });
    }
  }
  for (const [step, people] of Object.entries(expect.approvers ?? {})) {
    const recorded = trace.approvals.find((a) => a.step === step);
    const actual = [...(recorded?.approvers ?? [])].sort();
    if (!isDeepStrictEqual([...people].sort(), actual)) {
      out.push({
        path: ['expect', 'approvers', step],
        message:
          recorded === undefined
            ? `approval step "${step}" was never reached`
            : `the approvers recorded on step "${step}" differ`,
        expected: [...people].sort(),
        actual,
      });
    }
  }
  return out;
}

function compareCall(
  call: CallExpectation,
  calls: readonly RecordedCall[],
): Omit<ExpectationFailure, 'path'> | undefined {
  const mode = call.rollback ? 'rollback' : 'forward';
  const candidates = calls.filter((c) => c.step === call.step && c.mode === mode);
  const what = call.rollback ? `the rollback of step "${call.step}"` : `step "${call.step}"`;
  const expected: JsonObject = {
    ...(call.with === undefined ? {} : { with: call.with }),
    ...(call.argv === undefined ? {} : { argv: [...call.argv] }),
  };
  if (candidates.length === 0) {
    return { message: `${what} was never called`, expected, actual: null };
  }
  const matches = (c: RecordedCall) =>
    (call.argv === undefined || isDeepStrictEqual(c.argv, [...call.argv])) &&
    (call.with === undefined ||
      (c.with !== undefined &&
        Object.entries(call.with).every(([k, v]) => isDeepStrictEqual(c.with?.[k], v))));
  if (candidates.some(matches)) return undefined;
  const last = candidates[candidates.length - 1] as RecordedCall;
  const actual: JsonObject = {
    ...(call.with === undefined || last.with === undefined
      ? {}
      : { with: pick(last.with, Object.keys(call.with)) }),
    ...(call.argv === undefined ? {} : { argv: last.argv === undefined ? null : [...last.argv] }),
    ...(last.script === undefined ? {} : { script: last.script }),
  };
  return { message: `${what} was called with something else`, expected, actual };
}

function outputsOf(
  outputs: Readonly<Record<string, Record<string, JsonValue>>>,
  step: string,
): Record<string, JsonValue> | undefined {
  if (outputs[step] !== undefined) return outputs[step];
  const key = Object.keys(outputs).find((k) => stepIdOfKey(k) === step);
  return key === undefined ? undefined : outputs[key];
}

function pick(value: Record<string, JsonValue>, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of keys) if (Object.hasOwn(value, key)) out[key] = value[key] as JsonValue;
  return out;
}
