/**
 * A runbook test file after validation: durations in milliseconds, defaults applied, each case's
 * position kept for reports. Plain JSON. Pure types.
 */
import type { JsonObject, JsonValue } from '../runbook/model.js';
import type { FINAL_STATUSES } from './schema.js';

export type FinalStatus = (typeof FINAL_STATUSES)[number];

/** A 1-based position in the test file. */
export interface TestPosition {
  readonly line: number;
  readonly column: number;
}

/** How a mocked step fails. */
export interface FailMock {
  /** `run:` steps: the exit code (default 1). */
  readonly exitCode?: number;
  readonly stderr?: string;
  readonly message?: string;
  /** Fail this many attempts, then succeed; absent: every attempt fails. */
  readonly attempts?: number;
}

/** How one step's activity answers in a case (`steps.<id>`). */
export interface StepMock {
  readonly outputs?: JsonObject;
  readonly fail?: FailMock;
  /** Virtual duration, recorded in the trace. */
  readonly durationMs?: number;
  /** A `run:` step executed for real. */
  readonly real: boolean;
  /** How the step's rollback (or built-in undo) answers. */
  readonly rollback?: { readonly fail?: FailMock };
}

export type ApprovalDecisionKind = 'approve' | 'reject' | 'timeout';

/** One decision of an approval step: who votes, how, how long after the step starts waiting. */
export interface ApprovalPlan {
  readonly step: string;
  readonly afterMs: number;
  /** `timeout`: nobody votes; the step's own timeout decides. */
  readonly decision: ApprovalDecisionKind;
  /** People ids of people.yaml (empty for `timeout`). */
  readonly people: readonly string[];
}

export interface CallExpectation {
  readonly step: string;
  readonly with?: JsonObject;
  readonly argv?: readonly string[];
  /** The step's rollback call rather than its forward call. */
  readonly rollback: boolean;
}

export interface Expectations {
  readonly status?: FinalStatus;
  readonly ran?: readonly string[];
  readonly skipped?: readonly string[];
  readonly rolledBack?: readonly string[];
  /** Steps whose rollback ran and failed (a `rollback: { fail }` mock), in order, exactly. */
  readonly rollbackFailed?: readonly string[];
  readonly calls?: readonly CallExpectation[];
  readonly outputs?: Readonly<Record<string, JsonObject>>;
  readonly approvers?: Readonly<Record<string, readonly string[]>>;
}

export interface TestCase {
  /** 0-based index in `cases`. */
  readonly index: number;
  readonly name: string;
  readonly position: TestPosition;
  /** As written; resolved against the runbook's params when the case runs. */
  readonly params: Readonly<Record<string, string | number | boolean>>;
  readonly approvals: readonly ApprovalPlan[];
  readonly steps: Readonly<Record<string, StepMock>>;
  readonly expect: Expectations;
}

export interface RunbookTestFile {
  /** The path shown in reports. */
  readonly file: string;
  /** `metadata.name` of the runbook under test. */
  readonly runbook: string;
  readonly cases: readonly TestCase[];
}

export type { JsonValue };
