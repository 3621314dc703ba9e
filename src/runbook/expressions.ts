/**
 * `${{ … }}` expressions: CEL, evaluated by @marcbachmann/cel-js.
 *
 * The workflow calls {@link renderTemplate} and {@link evaluateCondition} while it runs, so this
 * module is deterministic (no clock, no randomness, no I/O) and returns JSON only: CEL integers
 * (bigint) become JS numbers, and values with no JSON form (bytes, timestamps, durations, uints)
 * are refused with an {@link ExpressionError}. Validation calls {@link checkExpression} before a
 * run starts. See docs/runbook-format.md#expressions.
 */
import { Environment } from '@marcbachmann/cel-js';
import { shown } from './bounded-text.js';
import { registerSafeMatches, showMatches, useSafeMatches } from './cel-matches.js';
import { didYouMean } from './diagnostics.js';
import { RunbookError } from './errors.js';
import { BudgetExceeded, instrumentEnvironment, withBudget } from './eval-budget.js';
import { EXPRESSION_LIMITS } from './limits.js';
import type { JsonValue, ParamType } from './model.js';
import { compilePattern, PATTERN_HINT } from './safe-regex.js';

/** What an expression can see while a run is in progress. */
export interface ExpressionContext {
  params: Record<string, JsonValue>;
  steps: Record<string, { status: string; outputs: Record<string, JsonValue> }>;
  run: { id: string; commit: string; triggeredBy: string };
  /** Present in `onFailure` steps and rollbacks: which step failed and why. */
  failure?: { step: string; reason: string; status: string };
  /** The `forEach` variable (`item` unless `as:` renames it). */
  [loopVar: string]: unknown;
}

/**
 * Thrown when an expression cannot be parsed or evaluated, or yields a value of the wrong kind.
 * `code` is one of RB3001 (syntax), RB3008 (unterminated `${{`), RB3101 (evaluation failed),
 * RB3102 (not JSON), RB3103 (condition not boolean), RB3104 (evaluation budget exceeded), RB5006
 * (expression too long); `expression` is the CEL text.
 */
export class ExpressionError extends RunbookError {
  readonly kind = 'usage';
  constructor(
    readonly code: string,
    message: string,
    readonly expression: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** One `${{ expr }}` inside a string; offsets are into that string. */
export interface TemplatePart {
  readonly expression: string;
  /** Offset of `${{`. */
  readonly start: number;
  /** Offset just after `}}`. */
  readonly end: number;
  /** Offset of the expression text itself. */
  readonly expressionStart: number;
}

const OPEN = '${{';
const CLOSE = '}}';

/** Whether a string contains a `${{`. */
export function hasExpression(text: string): boolean {
  return text.includes(OPEN);
}

/** Finds every `${{ … }}`; throws RB3008 for a `${{` without `}}`. */
export function findExpressions(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf(OPEN, from);
    if (start === -1) return parts;
    const close = text.indexOf(CLOSE, start + OPEN.length);
    if (close === -1) {
      throw new ExpressionError(
        'RB3008',
        `"\${{" at offset ${start} has no closing "}}"`,
        text.slice(start + OPEN.length),
      );
    }
    const raw = text.slice(start + OPEN.length, close);
    const leading = raw.length - raw.trimStart().length;
    parts.push({
      expression: raw.trim(),
      start,
      end: close + CLOSE.length,
      expressionStart: start + OPEN.length + leading,
    });
    from = close + CLOSE.length;
  }
}

/** Whether the whole string is exactly one `${{ expr }}` (so it renders to a typed value). */
export function isSingleExpression(text: string): boolean {
  if (!hasExpression(text)) return false;
  try {
    const parts = findExpressions(text);
    const only = parts[0];
    return parts.length === 1 && only !== undefined && only.start === 0 && only.end === text.length;
  } catch {
    return false;
  }
}

const RUNTIME_OPTIONS = { unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false };
let runtimeEnv: Environment | undefined;
const compiled = new Map<string, ReturnType<Environment['parse']>>();
const COMPILED_CACHE_LIMIT = 1000;

function compile(expression: string): ReturnType<Environment['parse']> {
  const cached = compiled.get(expression);
  if (cached !== undefined) return cached;
  if (expression.length > EXPRESSION_LIMITS.maxExpressionLength) {
    throw new ExpressionError('RB5006', tooLong(expression), expression);
  }
  runtimeEnv ??= instrumentEnvironment(registerSafeMatches(new Environment(RUNTIME_OPTIONS)));
  let program: ReturnType<Environment['parse']>;
  try {
    program = runtimeEnv.parse(expression);
    useSafeMatches(program.ast);
  } catch (error) {
    throw new ExpressionError(
      'RB3001',
      `invalid expression "${shown(expression)}": ${summary(error)}`,
      expression,
      { cause: error },
    );
  }
  if (compiled.size >= COMPILED_CACHE_LIMIT) compiled.clear();
  compiled.set(expression, program);
  return program;
}

/** Evaluates one CEL expression (without `${{ }}`) to a JSON value. */
export function evaluateExpression(expression: string, ctx: ExpressionContext): JsonValue {
  const program = compile(expression);
  let value: unknown;
  try {
    value = withBudget(() => program(toCel(ctx) as Record<string, unknown>));
  } catch (error) {
    if (error instanceof BudgetExceeded) {
      throw new ExpressionError(
        'RB3104',
        `expression "${shown(expression)}" was stopped: ${error.message} (see docs/security.md#limits)`,
        expression,
      );
    }
    throw new ExpressionError(
      'RB3101',
      `expression "${shown(expression)}" failed: ${summary(error)}`,
      expression,
      { cause: error },
    );
  }
  return fromCel(value, expression);
}

/**
 * Renders every string inside `value`. A string that is exactly one `${{ expr }}` becomes the
 * expression's value with its type (number, boolean, list, map, null); a string with text around
 * expressions becomes a string, lists and maps inserted as JSON.
 */
export function renderTemplate(value: JsonValue, ctx: ExpressionContext): JsonValue {
  if (typeof value === 'string') return renderString(value, ctx);
  if (Array.isArray(value)) return value.map((element) => renderTemplate(element, ctx));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [key, element] of Object.entries(value))
      setOwn(out, key, renderTemplate(element, ctx));
    return out;
  }
  return value;
}

function renderString(text: string, ctx: ExpressionContext): JsonValue {
  if (!hasExpression(text)) return text;
  const parts = findExpressions(text);
  const first = parts[0];
  if (parts.length === 1 && first !== undefined && first.start === 0 && first.end === text.length) {
    return evaluateExpression(first.expression, ctx);
  }
  let out = '';
  let at = 0;
  for (const part of parts) {
    out += text.slice(at, part.start);
    const value = evaluateExpression(part.expression, ctx);
    out += typeof value === 'string' ? value : JSON.stringify(value);
    at = part.end;
  }
  return out + text.slice(at);
}

/** Evaluates a `when:` template; it must be exactly one `${{ }}` yielding a boolean. */
export function evaluateCondition(template: string, ctx: ExpressionContext): boolean {
  const parts = findExpressions(template);
  const only = parts[0];
  if (
    parts.length !== 1 ||
    only === undefined ||
    template.trim() !== template.slice(only.start, only.end)
  ) {
    throw new ExpressionError(
      'RB3103',
      `condition "${shown(template)}" must be exactly one \${{ … }} expression`,
      template,
    );
  }
  const value = evaluateExpression(only.expression, ctx);
  if (typeof value !== 'boolean') {
    throw new ExpressionError(
      'RB3103',
      `condition "${shown(only.expression)}" must be a boolean, but it evaluated to ${shown(JSON.stringify(value))}`,
      only.expression,
    );
  }
  return value;
}

function summary(error: unknown): string {
  if (error !== null && typeof error === 'object' && 'summary' in error) {
    const text = (error as { summary: unknown }).summary;
    if (typeof text === 'string') return shown(showMatches(text), 300);
  }
  const message =
    error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
  return shown(showMatches(message), 300);
}

function tooLong(expression: string): string {
  return `the expression is ${expression.length} characters long; the limit is ${EXPRESSION_LIMITS.maxExpressionLength}`;
}

/**
 * JSON → CEL: integral numbers become CEL `int` (bigint) so that `params.n + 1` type-checks, and
 * objects become Maps: cel-js reads a plain object's `constructor` to tell its type, so a param or
 * output named `constructor` (or `toString`, `__proto__`) would otherwise break evaluation.
 */
function toCel(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === 'object') {
    const out = new Map<string, unknown>();
    for (const [key, element] of Object.entries(value)) {
      if (element !== undefined) out.set(key, toCel(element));
    }
    return out;
  }
  return value;
}

/** `target[key] = value` as an own property, even for `__proto__`. */
function setOwn(target: Record<string, JsonValue>, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** CEL → JSON, refusing values JSON cannot carry. */
function fromCel(value: unknown, expression: string): JsonValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'bigint': {
      const n = Number(value);
      if (!Number.isSafeInteger(n)) {
        throw new ExpressionError(
          'RB3102',
          `expression "${shown(expression)}" produced ${value}, outside the safe integer range of JSON numbers`,
          expression,
        );
      }
      return n;
    }
    case 'number':
      if (!Number.isFinite(value)) {
        throw new ExpressionError(
          'RB3102',
          `expression "${shown(expression)}" produced ${value}, which JSON cannot represent`,
          expression,
        );
      }
      return value;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) return value.map((element) => fromCel(element, expression));
      if (value instanceof Map) {
        const out: Record<string, JsonValue> = {};
        for (const [key, element] of value) {
          if (typeof key !== 'string') throw nonJson(expression, 'a map with non-string keys');
          setOwn(out, key, fromCel(element, expression));
        }
        return out;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto === Object.prototype || proto === null) {
        const out: Record<string, JsonValue> = {};
        for (const [key, element] of Object.entries(value)) {
          setOwn(out, key, fromCel(element, expression));
        }
        return out;
      }
      const kind =
        value instanceof Uint8Array
          ? 'bytes'
          : value instanceof Date
            ? 'a timestamp'
            : `a ${(proto as { constructor?: { name?: string } }).constructor?.name ?? 'value'}`;
      throw nonJson(expression, kind);
    }
    default:
      throw nonJson(expression, `a ${typeof value}`);
  }
}

function nonJson(expression: string, kind: string): ExpressionError {
  return new ExpressionError(
    'RB3102',
    `expression "${shown(expression)}" produced ${kind}, which is not JSON; convert it with string(…) or int(…)`,
    expression,
  );
}

// ---------------------------------------------------------------------------------------------
// Static checking (used by validate.ts before a run starts)

/** What is visible to an expression at one place in a runbook. */
export interface ExpressionScope {
  readonly params: Readonly<Record<string, ParamType>>;
  /** Steps that have finished by the time this expression is evaluated. */
  readonly visibleSteps: ReadonlySet<string>;
  /** Every step id in the runbook, to tell "not yet run" from "no such step". */
  readonly allSteps: ReadonlySet<string>;
  /** `forEach` variables in scope, innermost last. */
  readonly loopVars: readonly string[];
  /** Whether `failure` is defined (onFailure steps and rollbacks). */
  readonly failure: boolean;
  /** Whether `github` is defined (`spec.triggers.github.onMerge.params`): see GITHUB_TRIGGER_SCHEMA. */
  readonly github?: boolean;
}

/** What `github` holds in `onMerge.params` expressions (src/server/github/on-merge-plan.ts fills it). */
export const GITHUB_TRIGGER_SCHEMA = {
  pr: { number: 'int', labels: 'list<string>' },
  actor: 'string',
} as const;

/** A problem found in one expression; offsets are into the expression text. */
export interface ExpressionProblem {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly start: number;
  readonly end: number;
}

export interface ExpressionCheck {
  readonly problems: ExpressionProblem[];
  /** The CEL type of the result when the check passed (`bool`, `string`, `dyn`, …). */
  readonly type?: string;
}

const CEL_PARAM_TYPES: Record<ParamType, string> = {
  string: 'string',
  integer: 'int',
  boolean: 'bool',
  duration: 'int',
  secret: 'string',
};

const checkEnvs = new Map<string, Environment>();

/**
 * Environments by the identity of a scope's `allSteps` set: validation checks every expression of
 * a runbook against the same set, so this skips building the string key below for each one. The
 * inner key also holds the set's size and the params' names and types, in case either changed.
 */
const checkEnvsByStepSet = new WeakMap<ReadonlySet<string>, Map<string, Environment>>();

function checkEnvironment(scope: ExpressionScope): Environment {
  let byScope = checkEnvsByStepSet.get(scope.allSteps);
  if (byScope === undefined) {
    byScope = new Map();
    checkEnvsByStepSet.set(scope.allSteps, byScope);
  }
  let paramKey = '';
  for (const name in scope.params) paramKey += `${name}:${scope.params[name]},`;
  const fastKey = `${scope.allSteps.size}|${paramKey}|${scope.loopVars.join(',')}|${scope.failure}|${scope.github === true}`;
  const known = byScope.get(fastKey);
  if (known !== undefined) return known;
  const env = buildCheckEnvironment(scope);
  byScope.set(fastKey, env);
  return env;
}

function buildCheckEnvironment(scope: ExpressionScope): Environment {
  const params = Object.fromEntries(
    Object.entries(scope.params).map(([name, type]) => [name, CEL_PARAM_TYPES[type]]),
  );
  const steps = Object.fromEntries(
    [...scope.allSteps].map((id) => [id, { status: 'string', outputs: 'map<string, dyn>' }]),
  );
  const key = JSON.stringify([params, steps, scope.loopVars, scope.failure, scope.github === true]);
  const cached = checkEnvs.get(key);
  if (cached !== undefined) return cached;
  const env = registerSafeMatches(new Environment({ homogeneousAggregateLiterals: false }))
    .registerVariable({ name: 'params', schema: params })
    .registerVariable({ name: 'steps', schema: steps })
    .registerVariable({
      name: 'run',
      schema: { id: 'string', commit: 'string', triggeredBy: 'string' },
    });
  if (scope.failure) {
    env.registerVariable({
      name: 'failure',
      schema: { step: 'string', reason: 'string', status: 'string' },
    });
  }
  if (scope.github === true)
    env.registerVariable({ name: 'github', schema: GITHUB_TRIGGER_SCHEMA });
  for (const name of new Set(scope.loopVars)) env.registerVariable(name, 'dyn');
  if (checkEnvs.size >= COMPILED_CACHE_LIMIT) checkEnvs.clear();
  checkEnvs.set(key, env);
  return env;
}

interface CelNode {
  op: string;
  args: unknown;
  start: number;
  end: number;
}

function isNode(value: unknown): value is CelNode {
  return value !== null && typeof value === 'object' && 'op' in value && 'start' in value;
}

function visit(node: unknown, fn: (node: CelNode) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) visit(child, fn);
    return;
  }
  if (!isNode(node)) return;
  fn(node);
  visit(node.args, fn);
}

/** `params.x`, `params['x']` → `{ root: 'params', name: 'x' }`. */
function memberOfRoot(
  node: CelNode,
): { root: string; name: string; start: number; end: number } | undefined {
  if (node.op !== '.' && node.op !== '[]') return undefined;
  if (!Array.isArray(node.args)) return undefined;
  const [object, field] = node.args as [unknown, unknown];
  if (!isNode(object) || object.op !== 'id' || typeof object.args !== 'string') return undefined;
  if (typeof field === 'string')
    return { root: object.args, name: field, start: node.start, end: node.end };
  if (isNode(field) && field.op === 'value' && typeof field.args === 'string') {
    return { root: object.args, name: field.args, start: node.start, end: node.end };
  }
  return undefined;
}

function quoteList(names: Iterable<string>): string {
  const list = [...names].map((name) => `"${name}"`);
  return list.length === 0 ? '(none)' : list.join(', ');
}

/**
 * Checks one CEL expression (without `${{ }}`): syntax, unknown identifiers, unknown params,
 * references to unknown steps or steps that have not run yet, and type errors. Returns the
 * result type when it can be known.
 */
export function checkExpression(expression: string, scope: ExpressionScope): ExpressionCheck {
  if (expression.length > EXPRESSION_LIMITS.maxExpressionLength) {
    return {
      problems: [
        {
          code: 'RB5006',
          message: tooLong(expression),
          hint: 'move the logic into a step that computes it and read its output',
          start: 0,
          end: 3,
        },
      ],
    };
  }
  const env = checkEnvironment(scope);
  let program: ReturnType<Environment['parse']>;
  let patterns: ReturnType<typeof useSafeMatches>;
  try {
    program = env.parse(expression);
    patterns = useSafeMatches(program.ast);
  } catch (error) {
    const range = rangeOf(error, expression);
    return {
      problems: [
        {
          code: 'RB3001',
          message: `invalid expression "${shown(expression)}": ${summary(error)}`,
          ...range,
        },
      ],
    };
  }
  const problems: ExpressionProblem[] = [];
  for (const literal of patterns) {
    const compiled = compilePattern(literal.pattern);
    if (!compiled.ok) {
      problems.push({
        code: 'RB5005',
        message: `matches(): the pattern ${shown(JSON.stringify(literal.pattern))} cannot be used: ${shown(compiled.message)}`,
        hint: PATTERN_HINT,
        start: literal.start,
        end: literal.end,
      });
    }
  }
  visit(program.ast, (node) => {
    const member = memberOfRoot(node);
    if (member === undefined) return;
    if (member.root === 'params' && !Object.hasOwn(scope.params, member.name)) {
      const known = Object.keys(scope.params);
      const guess = didYouMean(member.name, known);
      problems.push({
        code: 'RB3003',
        message: `unknown param "${member.name}"`,
        hint:
          guess !== undefined
            ? `did you mean "params.${guess}"? Params declared in spec.params: ${quoteList(known)}`
            : `declare it under spec.params, or use one of: ${quoteList(known)}`,
        start: member.start,
        end: member.end,
      });
    } else if (member.root === 'steps' && !scope.visibleSteps.has(member.name)) {
      if (scope.allSteps.has(member.name)) {
        problems.push({
          code: 'RB3005',
          message: `step "${member.name}" has not run yet at this point`,
          hint: 'an expression can only read steps that finish before it is evaluated (earlier steps, not later or parallel ones)',
          start: member.start,
          end: member.end,
        });
      } else {
        const guess = didYouMean(member.name, scope.visibleSteps);
        problems.push({
          code: 'RB3004',
          message: `unknown step "${member.name}"`,
          hint:
            guess !== undefined
              ? `did you mean "steps.${guess}"?`
              : `steps visible here: ${quoteList(scope.visibleSteps)}`,
          start: member.start,
          end: member.end,
        });
      }
    }
  });
  if (problems.length > 0) return { problems };
  const result = program.check();
  if (!result.valid) {
    const error = result.error;
    const message = summary(error);
    const range = rangeOf(error, expression);
    const unknown = /^Unknown variable: (.+)$/.exec(message);
    if (unknown !== null) {
      const names = [
        'params',
        'steps',
        'run',
        ...(scope.failure ? ['failure'] : []),
        ...scope.loopVars,
      ];
      const guess = didYouMean(unknown[1] ?? '', names);
      return {
        problems: [
          {
            code: 'RB3002',
            message: `unknown name "${unknown[1]}" in expression "${shown(expression)}"`,
            hint:
              guess !== undefined
                ? `did you mean "${guess}"?`
                : `names available here: ${quoteList(names)}`,
            ...range,
          },
        ],
      };
    }
    return {
      problems: [
        {
          code: 'RB3006',
          message: `type error in expression "${shown(expression)}": ${message}`,
          ...range,
        },
      ],
    };
  }
  return result.type === undefined ? { problems } : { problems, type: result.type };
}

function rangeOf(error: unknown, expression: string): { start: number; end: number } {
  if (error !== null && typeof error === 'object' && 'range' in error) {
    const range = (error as { range?: { start: number; end: number } }).range;
    if (range !== undefined) return { start: range.start, end: Math.max(range.end, range.start) };
  }
  return { start: 0, end: expression.length };
}
