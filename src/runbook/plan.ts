/**
 * `runbook plan`: the resolved step tree for given params — what runs in which order, what is
 * decided now and what only at run time, which approvals gate the run, and which rollbacks would
 * run if a step failed. Pure data plus a text renderer.
 *
 * Extension point: {@link describePlan} calls an optional async `describeStep` hook for every step
 * (e.g. a Kubernetes server-side dry run, owned by the Kubernetes integration), and attaches what
 * it returns as `details`. This module itself never does I/O.
 */
import { escapeControl } from './bounded-text.js';
import { formatDuration } from './duration.js';
import {
  type ExpressionContext,
  ExpressionError,
  evaluateCondition,
  renderTemplate,
} from './expressions.js';
import type {
  JsonValue,
  RollbackStep,
  RunbookDefinition,
  SourceLocation,
  Step,
  StepKind,
} from './model.js';
import { describeGate } from './people/describe-gate.js';
import {
  type PlanRollback,
  undoOfFinished,
  undoOfSiblings,
  undoOnFailure,
  undoOnSuccess,
} from './plan-rollbacks.js';
import { argvElement } from './runtime-limits.js';

/** A `when:` as far as it can be decided before the run. */
export type PlanCondition =
  | { readonly expression: string; readonly decided: true; readonly value: boolean }
  | { readonly expression: string; readonly decided: false; readonly reason: string };

export type { PlanRollback };

export interface PlannedStep {
  readonly id: string;
  readonly kind: StepKind;
  /** `1`, `2`, `3.1` (inside a parallel or forEach). */
  readonly position: string;
  readonly name?: string;
  /** For a `uses` step: the action name, e.g. `kubernetes.setImage`. */
  readonly action?: string;
  /** One line: the action with rendered input, or the command. */
  readonly summary: string;
  /** For an argv `run` step: the arguments exactly as the run sends them (JSON for non-strings). */
  readonly argv?: readonly string[];
  readonly source: SourceLocation;
  readonly condition?: PlanCondition;
  /** For an approval: who must approve, how many, until when. */
  readonly gate?: {
    readonly required: number;
    readonly approvers: JsonValue;
    /** Who may approve, in words: the people and groups, or "anyone but the person who started the run". */
    readonly who: string;
    readonly timeout?: string;
  };
  readonly timeout?: string;
  readonly retry?: string;
  readonly continueOnError: boolean;
  /** This step's own undo, if any. */
  readonly rollback?: PlanRollback;
  /** If this step fails: the rollbacks that run, in order (this step's first, then earlier ones). */
  readonly rollbacksOnFailure: readonly PlanRollback[];
  /** Input rendered with the params; templates that depend on earlier steps stay as written. */
  readonly input?: JsonValue;
  readonly steps?: readonly PlannedStep[];
  /**
   * Filled by {@link describePlan}'s hook (e.g. a server-side dry run). An object with a string
   * `summary` (and optionally a multi-line `text`, e.g. a diff) is rendered as readable lines.
   */
  readonly details?: JsonValue;
}

export interface Plan {
  readonly runbook: string;
  readonly file: string;
  readonly params: Record<string, JsonValue>;
  readonly timeout?: string;
  readonly steps: readonly PlannedStep[];
  readonly onFailure: readonly PlannedStep[];
  /** Ids of approval steps, in order: the gates a run must pass. */
  readonly approvals: readonly string[];
  /** Remarks from whoever described the plan (e.g. which cluster was dry-run, or why not). */
  readonly notes?: readonly string[];
}

const PLAN_RUN = { id: '(plan)', commit: '(plan)', triggeredBy: '(plan)' };

function context(params: Record<string, JsonValue>): ExpressionContext {
  return { params, steps: {}, run: PLAN_RUN };
}

/** Renders what can be rendered from params alone; anything else stays as the template. */
function renderPartially(value: JsonValue, ctx: ExpressionContext): JsonValue {
  if (typeof value === 'string') {
    try {
      return renderTemplate(value, ctx);
    } catch (error) {
      // Unknown at plan time (steps have not run): keep the template. A budget overrun is not.
      if (error instanceof ExpressionError && !isBudgetError(error)) return value;
      throw error;
    }
  }
  if (Array.isArray(value)) return value.map((v) => renderPartially(v, ctx));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderPartially(v, ctx)]));
  }
  return value;
}

/** Errors that say the expression itself is too costly, whatever the run's data: plan reports them. */
function isBudgetError(error: ExpressionError): boolean {
  return error.code === 'RB3104' || error.code === 'RB5006';
}

function condition(when: string, ctx: ExpressionContext): PlanCondition {
  if (/\b(steps|failure)\b/.test(when) || /\brun\s*\./.test(when)) {
    return { expression: when, decided: false, reason: 'depends on the run' };
  }
  try {
    return { expression: when, decided: true, value: evaluateCondition(when, ctx) };
  } catch (error) {
    if (error instanceof ExpressionError && isBudgetError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    return { expression: when, decided: false, reason };
  }
}

function shellQuote(arg: string): string {
  return /^[\w./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The argv a run would send, as far as params decide it (the same conversion as the run's). */
function plannedArgv(argv: readonly string[], ctx: ExpressionContext): string[] {
  return argv.map((arg) => argvElement(renderPartially(arg, ctx)));
}

function commandSummary(step: Step | RollbackStep, ctx: ExpressionContext): string {
  if (step.kind === 'run') {
    if ('argv' in step.command) {
      return `run ${plannedArgv(step.command.argv, ctx).map(shellQuote).join(' ')}`;
    }
    const firstLine = step.command.script.split('\n')[0] ?? '';
    return `run (${step.command.shell}) ${firstLine}${step.command.script.includes('\n') ? ' …' : ''}`;
  }
  if (step.kind === 'uses') {
    const input = renderPartially(step.with, ctx);
    const pairs = Object.entries(input as Record<string, JsonValue>)
      .filter(([, v]) => typeof v !== 'object' || v === null)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
    return `uses ${step.action}${pairs.length > 0 ? ` ${pairs.join(' ')}` : ''}`;
  }
  return step.kind;
}

/**
 * Plans `def` for already resolved `params` (see resolveParams). Rollbacks on failure follow the
 * saga rule: the failed step's own rollback first, then those of completed steps, newest first.
 */
export function planRunbook(def: RunbookDefinition, params: Record<string, JsonValue>): Plan {
  const ctx = context(params);
  const approvals: string[] = [];

  const summarize = (rollback: RollbackStep) => commandSummary(rollback, ctx);
  /** `done`: the undo already on the saga when these steps start, oldest first. */
  const planSteps = (
    steps: readonly Step[],
    prefix: string,
    done: readonly PlanRollback[],
    branches: 'sequence' | 'parallel' = 'sequence',
  ): PlannedStep[] => {
    const completed = [...done];
    return steps.map((step, index) => {
      const position = `${prefix}${index + 1}`;
      const rollback = undoOnSuccess(step, summarize);
      const own = undoOnFailure(step, summarize);
      const siblings =
        branches === 'parallel'
          ? undoOfSiblings(
              steps.filter((s) => s !== step),
              summarize,
            )
          : [];
      const onFailure = [
        ...(own === undefined ? [] : [own]),
        ...siblings,
        ...[...completed].reverse(),
      ];
      let children: PlannedStep[] | undefined;
      let summary: string;
      let input: JsonValue | undefined;
      let gate: PlannedStep['gate'];
      switch (step.kind) {
        case 'run':
          summary = commandSummary(step, ctx);
          break;
        case 'uses': {
          summary = commandSummary(step, ctx);
          input = renderPartially(step.with, ctx);
          if (step.action === 'approval') {
            approvals.push(step.id);
            const w = input as Record<string, JsonValue>;
            gate = {
              required: typeof w.required === 'number' ? w.required : 1,
              approvers: w.approvers ?? null,
              who: describeGate(w),
              ...(typeof w.timeout === 'string' ? { timeout: w.timeout } : {}),
            };
            summary = `approval: ${typeof w.message === 'string' ? w.message : ''}`.trim();
          }
          break;
        }
        case 'parallel':
          summary = `parallel (${step.steps.length} branches, all start together)`;
          children = planSteps(step.steps, `${position}.`, completed, 'parallel');
          break;
        case 'forEach': {
          const items =
            typeof step.items === 'string' ? renderPartially(step.items, ctx) : step.items;
          summary = Array.isArray(items)
            ? `forEach ${step.as} in ${JSON.stringify(items)} (${items.length} iterations, at most ${step.maxConcurrency} at once)`
            : `forEach ${step.as} in ${String(items)} (decided at run time, at most ${step.maxConcurrency} at once)`;
          children = planSteps(step.steps, `${position}.`, completed);
          break;
        }
        case 'runbook':
          input = renderPartially(step.params, ctx);
          summary = `runbook ${step.runbook} with ${JSON.stringify(input)}`;
          break;
        default: {
          const never: never = step;
          throw new Error(`unhandled step kind ${JSON.stringify(never)}`);
        }
      }
      const stepCondition = step.when === undefined ? undefined : condition(step.when, ctx);
      // A step skipped for sure (its `when:` is false with these params) leaves nothing to undo.
      // Parallel branches do not see each other as finished: they run side by side (see siblings).
      if (branches === 'sequence' && !(stepCondition?.decided === true && !stepCondition.value)) {
        completed.push(...undoOfFinished(step, summarize));
      }
      return {
        id: step.id,
        kind: step.kind,
        position,
        ...(step.name === undefined ? {} : { name: step.name }),
        ...(step.kind === 'uses' ? { action: step.action } : {}),
        summary,
        ...(step.kind === 'run' && 'argv' in step.command
          ? { argv: plannedArgv(step.command.argv, ctx) }
          : {}),
        source: step.source,
        ...(stepCondition === undefined ? {} : { condition: stepCondition }),
        ...(gate === undefined ? {} : { gate }),
        ...(step.timeoutMs === undefined ? {} : { timeout: formatDuration(step.timeoutMs) }),
        ...(step.retry === undefined
          ? {}
          : {
              retry: `${step.retry.maxAttempts} attempts, first retry after ${formatDuration(step.retry.initialIntervalMs)}, ×${step.retry.backoff}`,
            }),
        continueOnError: step.continueOnError,
        ...(rollback === undefined ? {} : { rollback }),
        rollbacksOnFailure: step.continueOnError ? [] : onFailure,
        ...(input === undefined ? {} : { input }),
        ...(children === undefined ? {} : { steps: children }),
      };
    });
  };

  const steps = planSteps(def.steps, '', []);
  const failureSteps = planSteps(def.onFailure, 'F', []);
  return {
    runbook: def.name,
    file: def.file,
    params,
    ...(def.timeoutMs === undefined ? {} : { timeout: formatDuration(def.timeoutMs) }),
    steps,
    onFailure: failureSteps,
    approvals,
  };
}

/** Something that can say more about a step before it runs (e.g. a Kubernetes dry run). */
export type DescribeStep = (step: PlannedStep) => Promise<JsonValue | undefined>;

/** Calls `describeStep` for every planned step, in order, and attaches the results as `details`. */
export async function describePlan(plan: Plan, describeStep: DescribeStep): Promise<Plan> {
  const visit = async (steps: readonly PlannedStep[]): Promise<PlannedStep[]> => {
    const out: PlannedStep[] = [];
    for (const step of steps) {
      const details = await describeStep(step);
      const children = step.steps === undefined ? undefined : await visit(step.steps);
      out.push({
        ...step,
        ...(details === undefined ? {} : { details }),
        ...(children === undefined ? {} : { steps: children }),
      });
    }
    return out;
  };
  return { ...plan, steps: await visit(plan.steps), onFailure: await visit(plan.onFailure) };
}

/** `{ summary, text? }` details as a line plus indented text; anything else as JSON. */
function renderDetails(details: JsonValue, indent: string): string[] {
  if (
    details !== null &&
    typeof details === 'object' &&
    !Array.isArray(details) &&
    typeof details.summary === 'string'
  ) {
    const lines = [`${indent}${details.summary}`];
    if (typeof details.text === 'string' && details.text.trim() !== '') {
      for (const line of details.text.trimEnd().split('\n')) lines.push(`${indent}  ${line}`);
    }
    return lines;
  }
  return [`${indent}details: ${JSON.stringify(details)}`];
}

/** The plan as indented text for a terminal or a pull-request comment. */
export function renderPlanText(plan: Plan): string {
  const lines: string[] = [];
  const params = Object.entries(plan.params).map(
    ([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`,
  );
  lines.push(`Plan for runbook "${plan.runbook}" (${plan.file})`);
  lines.push(`  params: ${params.length > 0 ? params.join(', ') : '(none)'}`);
  if (plan.timeout !== undefined) lines.push(`  whole run times out after ${plan.timeout}`);
  lines.push(
    plan.approvals.length > 0
      ? `  gated by approval: ${plan.approvals.join(', ')}`
      : '  no approval gates',
  );
  for (const note of plan.notes ?? []) lines.push(`  note: ${note}`);
  lines.push('');
  const render = (steps: readonly PlannedStep[], indent: string) => {
    for (const step of steps) {
      let line = `${indent}${step.position}. ${step.id}: ${step.summary}`;
      if (step.condition !== undefined) {
        line += step.condition.decided
          ? step.condition.value
            ? '  [when: true, runs]'
            : '  [when: false, SKIPPED]'
          : `  [when ${step.condition.expression}: decided at run time]`;
      }
      lines.push(line);
      const facts: string[] = [];
      if (step.gate !== undefined) {
        facts.push(
          `GATE: waits for ${step.gate.required} approval(s) from ${step.gate.who}${step.gate.timeout === undefined ? '' : `, timeout ${step.gate.timeout}`}`,
        );
      }
      if (step.timeout !== undefined) facts.push(`timeout ${step.timeout}`);
      if (step.retry !== undefined) facts.push(`retry: ${step.retry}`);
      if (step.continueOnError) facts.push('continues on error');
      if (step.kind === 'runbook') {
        facts.push(
          'the child undoes its own steps if it fails; once it finished, a later failure here does not undo them',
        );
      }
      if (step.rollback !== undefined) facts.push(`undo: ${step.rollback.summary}`);
      if (!step.continueOnError && step.rollbacksOnFailure.length > 0) {
        facts.push(
          `if it fails, roll back: ${step.rollbacksOnFailure.map((r) => (r.note === undefined ? r.step : `${r.step} (${r.note})`)).join(' → ')}`,
        );
      }
      for (const fact of facts) lines.push(`${indent}     ${fact}`);
      if (step.details !== undefined) lines.push(...renderDetails(step.details, `${indent}     `));
      if (step.steps !== undefined) render(step.steps, `${indent}   `);
    }
  };
  render(plan.steps, '  ');
  if (plan.onFailure.length > 0) {
    lines.push('');
    lines.push('  on failure (after rollbacks):');
    render(plan.onFailure, '  ');
  }
  // Every line is one line: a value's newlines and escape sequences are shown, never acted on.
  return `${lines.map(escapeControl).join('\n')}\n`;
}
