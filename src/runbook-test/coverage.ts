/**
 * `runbook test --coverage`: what the cases of one runbook exercised and what they never did —
 * every step (ran in some case or never), both sides of every `when:`, every rollback (the step's
 * compensation ran ok, failed, or never ran) and every outcome of every approval step. Pure: it
 * reads the parsed definition and the cases' traces (src/runbook-test/case-trace.ts), nothing else.
 * Rendering lives in coverage-render.ts.
 */
import { findAction } from '../runbook/actions/index.js';
import type {
  RollbackStep,
  RunbookDefinition,
  SourceLocation,
  Step,
  StepKind,
} from '../runbook/model.js';
import { undoOnFailure, undoOnSuccess } from '../runbook/plan-rollbacks.js';
import type { ApprovalOutcome, CaseTrace } from './case-trace.js';
import { CoverageError } from './coverage-error.js';

export { type Uncovered, uncovered } from './coverage-gaps.js';
export {
  renderCoverage,
  renderCoverageJson,
  renderCoverageMarkdown,
} from './coverage-render.js';

export interface StepCoverage {
  readonly id: string;
  readonly kind: StepKind;
  /** The action after `uses:`, for a `uses:` step. */
  readonly action?: string;
  /** The `parallel:` / `forEach:` step it sits in, if any. */
  readonly parent?: string;
  /** `onFailure` steps run only after a failure; they are listed like the others. */
  readonly section: 'steps' | 'onFailure';
  readonly source: SourceLocation;
  /** In how many cases the step started. */
  readonly cases: number;
}

export interface BranchCoverage {
  readonly step: string;
  /** The `when:` template as written. */
  readonly when: string;
  readonly source: SourceLocation;
  /** In how many cases the condition was true (the step ran) / false (it was skipped). */
  readonly trueCases: number;
  readonly falseCases: number;
}

export interface RollbackCoverage {
  /** The step whose compensation this is. */
  readonly step: string;
  /** `rollback: run …`, `rollback: uses …`, or `built-in undo of kubernetes.setImage`. */
  readonly summary: string;
  readonly source: SourceLocation;
  /** In how many cases the compensation ran and succeeded / failed. */
  readonly okCases: number;
  readonly failedCases: number;
}

export interface ApprovalCoverage {
  readonly step: string;
  readonly source: SourceLocation;
  /**
   * The outcomes the step can have, with the number of cases that ended so: `approved` and
   * `rejected` always; `timedOut` only when the step has a timeout.
   */
  readonly outcomes: Readonly<Partial<Record<ApprovalOutcome, number>>>;
}

export interface CoverageCount {
  readonly covered: number;
  readonly total: number;
}

export interface CoverageTotals {
  /** Steps that ran in at least one case. */
  readonly steps: CoverageCount;
  /** `when:` sides seen: two per step with a `when:`. */
  readonly branches: CoverageCount;
  /** Compensations that ran (ok or failed) in at least one case. */
  readonly rollbacks: CoverageCount;
  /** Approval outcomes seen: two or three per approval step. */
  readonly approvalOutcomes: CoverageCount;
}

/** Coverage of one runbook by its cases. Plain JSON: `--coverage --format json` prints it as is. */
export interface RunbookCoverage {
  readonly runbook: string;
  readonly file: string;
  readonly cases: number;
  readonly steps: readonly StepCoverage[];
  readonly branches: readonly BranchCoverage[];
  readonly rollbacks: readonly RollbackCoverage[];
  readonly approvals: readonly ApprovalCoverage[];
  readonly totals: CoverageTotals;
}

const OUTCOMES: readonly ApprovalOutcome[] = ['approved', 'rejected', 'timedOut'];

/** Measures `traces` (the cases of one test run) against the runbook they ran. */
export function computeCoverage(
  definition: RunbookDefinition,
  traces: readonly CaseTrace[],
): RunbookCoverage {
  const nodes = flatten(definition);
  const byId = new Map(nodes.map((node) => [node.step.id, node]));
  for (const trace of traces) checkTrace(definition, byId, trace);

  const ranIn = countCases(traces, (trace) => trace.ran);
  // A step with a `when:` that started had its condition true, whether or not the trace lists it.
  const trueIn = countCases(traces, (trace) => [
    ...trace.whenOutcomes.filter((w) => w.value).map((w) => w.step),
    ...trace.ran.filter((id) => byId.get(id)?.step.when !== undefined),
  ]);
  const falseIn = countCases(traces, (trace) => [
    ...trace.skipped,
    ...trace.whenOutcomes.filter((w) => !w.value).map((w) => w.step),
  ]);
  const rollbackOkIn = countCases(traces, (trace) =>
    trace.rolledBack.filter((r) => r.ok).map((r) => r.step),
  );
  const rollbackFailedIn = countCases(traces, (trace) =>
    trace.rolledBack.filter((r) => !r.ok).map((r) => r.step),
  );

  const steps: StepCoverage[] = nodes.map(({ step, parent, section }) => ({
    id: step.id,
    kind: step.kind,
    ...(step.kind === 'uses' ? { action: step.action } : {}),
    ...(parent === undefined ? {} : { parent }),
    section,
    source: step.source,
    cases: ranIn.get(step.id) ?? 0,
  }));

  const branches: BranchCoverage[] = nodes.flatMap(({ step }) =>
    step.when === undefined
      ? []
      : [
          {
            step: step.id,
            when: step.when,
            source: step.source,
            trueCases: trueIn.get(step.id) ?? 0,
            falseCases: falseIn.get(step.id) ?? 0,
          },
        ],
  );

  const rollbacks: RollbackCoverage[] = nodes.flatMap(({ step }) => {
    const undo = undoOnSuccess(step, summarizeRollback) ?? undoOnFailure(step, summarizeRollback);
    if (undo === undefined) return [];
    return [
      {
        step: step.id,
        summary: undo.summary,
        source:
          step.rollback !== undefined && step.rollback !== 'none'
            ? step.rollback.source
            : step.source,
        okCases: rollbackOkIn.get(step.id) ?? 0,
        failedCases: rollbackFailedIn.get(step.id) ?? 0,
      },
    ];
  });

  const approvals: ApprovalCoverage[] = nodes.flatMap(({ step }) => {
    if (!isApproval(step)) return [];
    const possible = OUTCOMES.filter((outcome) => outcome !== 'timedOut' || hasTimeout(step));
    const outcomes: Partial<Record<ApprovalOutcome, number>> = {};
    for (const outcome of possible) {
      outcomes[outcome] = traces.filter((trace) =>
        trace.approvals.some((a) => a.step === step.id && a.outcome === outcome),
      ).length;
    }
    return [{ step: step.id, source: step.source, outcomes }];
  });

  const seen = (count: number | undefined) => (count ?? 0) > 0;
  return {
    runbook: definition.name,
    file: definition.file,
    cases: traces.length,
    steps,
    branches,
    rollbacks,
    approvals,
    totals: {
      steps: count(steps.map((s) => seen(s.cases))),
      branches: count(branches.flatMap((b) => [seen(b.trueCases), seen(b.falseCases)])),
      rollbacks: count(rollbacks.map((r) => seen(r.okCases + r.failedCases))),
      approvalOutcomes: count(approvals.flatMap((a) => Object.values(a.outcomes).map(seen))),
    },
  };
}

/** The cases of one test file (or several) and the runbook they ran. */
export interface TestedRunbook {
  readonly definition: RunbookDefinition;
  readonly traces: readonly CaseTrace[];
}

/**
 * Coverage of each runbook tested, in file order: test files of the same runbook (same file and
 * name) are counted together, so a runbook tested from two files gets one report.
 */
export function coverageByRunbook(tested: readonly TestedRunbook[]): RunbookCoverage[] {
  const merged = new Map<string, { definition: RunbookDefinition; traces: CaseTrace[] }>();
  for (const { definition, traces } of tested) {
    const key = `${definition.file}\0${definition.name}`;
    const entry = merged.get(key) ?? { definition, traces: [] };
    entry.traces.push(...traces);
    merged.set(key, entry);
  }
  return [...merged.values()]
    .sort((a, b) => a.definition.file.localeCompare(b.definition.file))
    .map(({ definition, traces }) => computeCoverage(definition, traces));
}

interface StepNode {
  readonly step: Step;
  readonly parent?: string;
  readonly section: 'steps' | 'onFailure';
}

/** Every step of the runbook, nested ones after their group, in the order they are written. */
function flatten(definition: RunbookDefinition): StepNode[] {
  const nodes: StepNode[] = [];
  const visit = (steps: readonly Step[], section: StepNode['section'], parent?: string) => {
    for (const step of steps) {
      nodes.push(parent === undefined ? { step, section } : { step, section, parent });
      if (step.kind === 'parallel' || step.kind === 'forEach') visit(step.steps, section, step.id);
    }
  };
  visit(definition.steps, 'steps');
  visit(definition.onFailure, 'onFailure');
  return nodes;
}

function checkTrace(
  definition: RunbookDefinition,
  byId: ReadonlyMap<string, StepNode>,
  trace: CaseTrace,
): void {
  if (trace.runbook !== definition.name) {
    throw new CoverageError(
      'RB9150',
      `a case of runbook ${trace.runbook} was counted for runbook ${definition.name} (${definition.file}); compute coverage per runbook, with the traces of its own cases`,
      definition.name,
    );
  }
  const named = (step: string, role: string, ok: (node: StepNode) => boolean) => {
    const node = byId.get(step);
    if (node !== undefined && ok(node)) return;
    const problem = node === undefined ? 'has no step' : `has no ${role}`;
    throw new CoverageError(
      'RB9151',
      `a case's trace names ${role} ${step}, but runbook ${definition.name} (${definition.file}) ${problem} ${step}; the trace comes from another version of the runbook — measure it against the definition the case ran`,
      definition.name,
      step,
    );
  };
  for (const step of trace.ran) named(step, 'step', () => true);
  for (const step of trace.skipped) named(step, 'step', () => true);
  for (const outcome of trace.whenOutcomes) {
    named(outcome.step, 'when: of step', (node) => node.step.when !== undefined);
  }
  for (const undo of trace.rolledBack) named(undo.step, 'step', () => true);
  for (const approval of trace.approvals) {
    named(approval.step, 'approval step', (node) => isApproval(node.step));
  }
}

/** For each step id, the number of traces in which `ids` lists it at least once. */
function countCases(
  traces: readonly CaseTrace[],
  ids: (trace: CaseTrace) => readonly string[],
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const trace of traces) {
    for (const id of new Set(ids(trace))) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

function count(flags: readonly boolean[]): CoverageCount {
  return { covered: flags.filter(Boolean).length, total: flags.length };
}

function isApproval(step: Step): boolean {
  return step.kind === 'uses' && findAction(step.action)?.runs === 'approval';
}

function hasTimeout(step: Step): boolean {
  return step.timeoutMs !== undefined || (step.kind === 'uses' && step.with.timeout !== undefined);
}

const SUMMARY_LENGTH = 60;

function summarizeRollback(rollback: RollbackStep): string {
  if (rollback.kind === 'uses') return `rollback: uses ${rollback.action}`;
  const text =
    'argv' in rollback.command
      ? rollback.command.argv.join(' ')
      : `${rollback.command.shell} script`;
  return `rollback: run ${text.length > SUMMARY_LENGTH ? `${text.slice(0, SUMMARY_LENGTH - 1)}…` : text}`;
}
