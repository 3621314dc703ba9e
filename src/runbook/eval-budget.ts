/**
 * A deterministic budget for each expression evaluation: operations and sizes, never wall time
 * (expressions run in workflow code, which must replay identically).
 *
 * cel-js evaluates an expression by calling its evaluator's `run(node)` once per node, loop
 * iterations included, and has no evaluation limits of its own (its `limits` option bounds
 * parsing only). {@link instrumentEnvironment} wraps that `run` on one environment's evaluator:
 * each call spends one operation, and each value produced is checked against the size limits, so
 * `l.all(a, l.all(b, l.all(c, …)))` over 1,000-item lists stops after
 * {@link EXPRESSION_LIMITS}.maxOperations steps instead of a billion. The evaluator is reached
 * through a function registered for that purpose (cel-js calls functions with the evaluator as
 * `this`). Pure.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { EXPRESSION_LIMITS } from './limits.js';

/** Which bound an evaluation crossed. */
export type BudgetKind = 'operations' | 'string' | 'collection';

/** Thrown inside cel-js when an evaluation crosses a bound; see {@link withBudget}. */
export class BudgetExceeded extends Error {
  override readonly name = 'BudgetExceeded';
  constructor(readonly kind: BudgetKind) {
    super(describeBudget(kind));
  }
}

/** What each bound means, for messages. */
export function describeBudget(kind: BudgetKind): string {
  switch (kind) {
    case 'operations':
      return `it needs more than ${EXPRESSION_LIMITS.maxOperations} evaluation steps`;
    case 'string':
      return `it builds a string longer than ${EXPRESSION_LIMITS.maxStringLength} characters`;
    case 'collection':
      return `it builds a list or map with more than ${EXPRESSION_LIMITS.maxCollectionSize} elements`;
    default: {
      const never: never = kind;
      throw new Error(`unhandled budget ${String(never)}`);
    }
  }
}

interface Evaluator {
  run(node: unknown, context: unknown): unknown;
}

/** State of the evaluation in progress; evaluations are synchronous, so one at a time. */
const state = { active: false, remaining: 0, exceeded: undefined as BudgetKind | undefined };

const PROBE = 'runbookEvaluatorProbe';

function spend(value: unknown): void {
  if (typeof value === 'string') {
    if (value.length > EXPRESSION_LIMITS.maxStringLength) exceed('string');
  } else if (Array.isArray(value)) {
    if (value.length > EXPRESSION_LIMITS.maxCollectionSize) exceed('collection');
  } else if (value instanceof Map) {
    if (value.size > EXPRESSION_LIMITS.maxCollectionSize) exceed('collection');
  }
}

function exceed(kind: BudgetKind): never {
  state.exceeded ??= kind;
  throw new BudgetExceeded(kind);
}

/** Makes every evaluation of `env` count against the budget of the enclosing {@link withBudget}. */
export function instrumentEnvironment(env: Environment): Environment {
  let evaluator: Evaluator | undefined;
  env.registerFunction(`${PROBE}(): bool`, function (this: Evaluator) {
    evaluator = this;
    return true;
  });
  env.evaluate(`${PROBE}()`, {});
  if (evaluator === undefined)
    throw new Error('cel-js did not expose its evaluator; this is a bug');
  const target = evaluator;
  const run = target.run;
  target.run = function budgetedRun(node, context) {
    if (state.active) {
      if (state.exceeded !== undefined) throw new BudgetExceeded(state.exceeded);
      if (--state.remaining < 0) exceed('operations');
    }
    const value = run.call(this, node, context);
    if (state.active) spend(value);
    return value;
  };
  return env;
}

/**
 * Runs one evaluation under a fresh budget. Throws {@link BudgetExceeded} when a bound was
 * crossed, even if cel-js swallowed the error on the way (`exists` tolerates failing elements).
 */
export function withBudget<T>(evaluate: () => T): T {
  if (state.active) return evaluate();
  state.active = true;
  state.remaining = EXPRESSION_LIMITS.maxOperations;
  state.exceeded = undefined;
  try {
    const value = evaluate();
    if (state.exceeded !== undefined) throw new BudgetExceeded(state.exceeded);
    spend(value);
    return value;
  } catch (error) {
    if (state.exceeded !== undefined && !(error instanceof BudgetExceeded)) {
      throw new BudgetExceeded(state.exceeded);
    }
    throw error;
  } finally {
    state.active = false;
  }
}
