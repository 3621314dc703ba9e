/**
 * Semantic checks on a runbook that already has the right shape: unique step ids, exactly one
 * kind per step, known actions and their inputs, expressions (syntax, names, references, types),
 * the shell-injection rule, limits, and child-runbook cycles across files. Pure: no I/O.
 */
import { shown } from './bounded-text.js';
import { compareDiagnostics, type Diagnostic, didYouMean } from './diagnostics.js';
import { parseDuration } from './duration.js';
import {
  checkExpression,
  ExpressionError,
  type ExpressionScope,
  findExpressions,
  hasExpression,
  isSingleExpression,
} from './expressions.js';
import { LIMITS, REPORT_LIMITS } from './limits.js';
import { formatPath, type Locator, type Path } from './locate.js';
import type { JsonValue, ParamType, RunbookDefinition, Step } from './model.js';
import { parseRunbook } from './parse.js';
import type { PeopleDirectory } from './people/model.js';
import { checkCodeSafety } from './rules/code-safety.js';
import { checkParamLimits, checkStepLimits } from './rules/step-limits.js';
import { checkStructuredInputs } from './rules/structured-inputs.js';
import { compilePattern, PATTERN_HINT } from './safe-regex.js';
import type { RawParamSpec, RawRollback, RawRunbook, RawStep } from './schema.js';
import { checkPeopleUse } from './validate-people.js';
import { checkActionUse } from './validate-with.js';

export { LIMITS };

const KIND_KEYS = ['run', 'uses', 'parallel', 'forEach', 'runbook'] as const;

interface Walk {
  readonly locator: Locator;
  readonly out: Diagnostic[];
  readonly params: Record<string, ParamType>;
  readonly allSteps: Set<string>;
  readonly runbookName: string;
  /** Params declared with `enum:`, for the code-safety rules. */
  readonly enums: ReadonlyMap<string, ReadonlyArray<string | number>>;
  stepCount: number;
}

/** Semantic diagnostics for a structurally valid document (zod already passed). */
export function validateDocument(raw: RawRunbook, locator: Locator): Diagnostic[] {
  const out: Diagnostic[] = [];
  const params: Record<string, ParamType> = {};
  for (const [name, spec] of Object.entries(raw.spec.params ?? {})) {
    params[name] = spec.type;
    checkParamSpec(name, spec, locator, out);
  }
  const walk: Walk = {
    locator,
    out,
    params,
    allSteps: new Set(),
    runbookName: raw.metadata.name,
    enums: new Map(
      Object.entries(raw.spec.params ?? {}).flatMap(([name, spec]) =>
        spec.enum === undefined ? [] : [[name, spec.enum] as const],
      ),
    ),
    stepCount: 0,
  };
  out.push(...checkParamLimits(Object.keys(raw.spec.params ?? {}), locator));
  const ids = new Map<string, Path>();
  collectIds(raw.spec.steps, ['spec', 'steps'], walk, ids);
  collectIds(raw.spec.onFailure ?? [], ['spec', 'onFailure'], walk, ids);

  if (raw.spec.timeout !== undefined) checkDuration(raw.spec.timeout, ['spec', 'timeout'], walk);
  if (raw.spec.concurrency !== undefined) {
    checkTemplate(
      raw.spec.concurrency.key,
      ['spec', 'concurrency', 'key'],
      scope(walk, new Set(), [], false),
      walk,
    );
  }
  for (const [name, value] of Object.entries(raw.spec.triggers?.github?.onMerge?.params ?? {})) {
    if (!Object.hasOwn(params, name)) {
      report(
        walk,
        'RB3003',
        ['spec', 'triggers', 'github', 'onMerge', 'params', name],
        `unknown param "${name}"`,
        hintParams(name, params),
        'key',
      );
    }
    checkJsonTemplates(
      value,
      ['spec', 'triggers', 'github', 'onMerge', 'params', name],
      { ...scope(walk, new Set(), [], false), github: true },
      walk,
    );
  }

  const visible = new Set<string>();
  walkSteps(raw.spec.steps, ['spec', 'steps'], walk, visible, [], false, 1);
  walkSteps(raw.spec.onFailure ?? [], ['spec', 'onFailure'], walk, new Set(visible), [], true, 1);
  if (walk.stepCount > LIMITS.maxSteps) {
    report(
      walk,
      'RB1011',
      ['spec', 'steps'],
      `the runbook has ${walk.stepCount} steps; the limit is ${LIMITS.maxSteps}`,
      'split it into child runbooks (a step with `runbook: <name>`)',
      'key',
    );
  }
  return out;
}

function report(
  walk: Pick<Walk, 'locator' | 'out'>,
  code: string,
  path: Path,
  message: string,
  hint?: string,
  part: 'key' | 'value' = 'value',
  severity: 'error' | 'warning' = 'error',
): void {
  walk.out.push({
    code,
    severity,
    message,
    file: walk.locator.file,
    ...walk.locator.at(path, part),
    ...(hint === undefined ? {} : { hint }),
  });
}

function hintParams(name: string, params: Record<string, unknown>): string {
  const guess = didYouMean(name, Object.keys(params));
  return guess !== undefined
    ? `did you mean "${guess}"?`
    : `declared params: ${Object.keys(params).join(', ') || '(none)'}`;
}

function checkParamSpec(
  name: string,
  spec: RawParamSpec,
  locator: Locator,
  out: Diagnostic[],
): void {
  const base: Path = ['spec', 'params', name];
  const walk = { locator, out };
  if (spec.pattern !== undefined) {
    const compiled = compilePattern(spec.pattern);
    if (!compiled.ok) {
      report(
        walk,
        'RB2013',
        [...base, 'pattern'],
        `param "${name}": invalid regular expression: ${shown(compiled.message)}`,
        PATTERN_HINT,
      );
    }
    if (spec.type !== 'string') {
      report(
        walk,
        'RB2007',
        [...base, 'pattern'],
        `param "${name}": "pattern" only applies to type string`,
        undefined,
        'key',
      );
    }
  }
  if (spec.enum !== undefined && (spec.type === 'boolean' || spec.type === 'secret')) {
    report(
      walk,
      'RB2007',
      [...base, 'enum'],
      `param "${name}": "enum" is not allowed for type ${spec.type}`,
      undefined,
      'key',
    );
  }
  if (spec.default === undefined) return;
  const problem = checkParamValue(name, spec, spec.default);
  if (problem !== undefined)
    report(
      walk,
      'RB2012',
      [...base, 'default'],
      `param "${name}": default ${problem.message}`,
      problem.hint,
    );
}

/** Whether `value` is acceptable for a param; also used by params.ts. */
export function checkParamValue(
  name: string,
  spec: {
    readonly type: ParamType;
    readonly enum?: ReadonlyArray<string | number> | undefined;
    readonly pattern?: string | undefined;
  },
  value: string | number | boolean,
): { message: string; hint?: string } | undefined {
  void name;
  switch (spec.type) {
    case 'string':
      if (typeof value !== 'string')
        return { message: `must be a string, not ${JSON.stringify(value)}` };
      break;
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        return { message: `must be an integer, not ${JSON.stringify(value)}` };
      }
      break;
    case 'boolean':
      if (typeof value !== 'boolean')
        return { message: `must be true or false, not ${JSON.stringify(value)}` };
      break;
    case 'duration':
      if (typeof value !== 'string')
        return { message: `must be a duration such as "5m", not ${JSON.stringify(value)}` };
      try {
        if (parseDuration(value) > LIMITS.maxDurationMs) {
          return { message: `${shown(JSON.stringify(value))} is longer than the limit of 30d` };
        }
      } catch (error) {
        return {
          message: `${shown(JSON.stringify(value))} is not a duration`,
          hint: shown((error as Error).message),
        };
      }
      break;
    case 'secret':
      if (typeof value !== 'string' || !isSecretReference(value)) {
        return {
          message: 'must be a reference to a secret, never the secret itself',
          hint: 'write "env:NAME" (an environment variable of the worker) or "file:/path" (a mounted file)',
        };
      }
      break;
    default: {
      const never: never = spec.type;
      throw new Error(`unhandled param type ${String(never)}`);
    }
  }
  if (spec.enum !== undefined && !spec.enum.includes(value as string | number)) {
    const guess = typeof value === 'string' ? didYouMean(value, spec.enum.map(String)) : undefined;
    return {
      message: `${JSON.stringify(value)} is not one of the allowed values`,
      hint: `${guess !== undefined ? `did you mean "${guess}"? ` : ''}allowed: ${spec.enum.map((v) => JSON.stringify(v)).join(', ')}`,
    };
  }
  if (spec.pattern !== undefined && typeof value === 'string') {
    const compiled = compilePattern(spec.pattern);
    if (compiled.ok && !compiled.regex.test(value)) {
      return {
        message: `${shown(JSON.stringify(value))} does not match the pattern ${shown(spec.pattern)}`,
      };
    }
  }
  return undefined;
}

/** `env:NAME` or `file:/absolute/path`. */
export function isSecretReference(value: string): boolean {
  return /^env:[A-Za-z_][A-Za-z0-9_]*$/.test(value) || /^file:\/\S+$/.test(value);
}

function collectIds(
  steps: readonly RawStep[],
  path: Path,
  walk: Walk,
  ids: Map<string, Path>,
): void {
  steps.forEach((step, index) => {
    const here = [...path, index];
    const first = ids.get(step.id);
    if (first !== undefined) {
      report(
        walk,
        'RB2001',
        [...here, 'id'],
        `duplicate step id "${step.id}"`,
        `step ids must be unique across the whole runbook; "${step.id}" is first used at ${formatPath(first)}`,
      );
    }
    walk.allSteps.add(step.id);
    if (first === undefined) ids.set(step.id, [...here, 'id']);
    if (step.parallel !== undefined) collectIds(step.parallel, [...here, 'parallel'], walk, ids);
    if (step.forEach !== undefined)
      collectIds(step.forEach.steps, [...here, 'forEach', 'steps'], walk, ids);
  });
}

function scope(
  walk: Walk,
  visible: ReadonlySet<string>,
  loopVars: readonly string[],
  failure: boolean,
): ExpressionScope {
  return { params: walk.params, visibleSteps: visible, allSteps: walk.allSteps, loopVars, failure };
}

/** Ids a step makes visible to later steps (a forEach body stays private to its iterations). */
function publishedIds(step: RawStep): string[] {
  const ids = [step.id];
  for (const child of step.parallel ?? []) ids.push(...publishedIds(child));
  return ids;
}

function walkSteps(
  steps: readonly RawStep[],
  path: Path,
  walk: Walk,
  visible: Set<string>,
  loopVars: readonly string[],
  failure: boolean,
  depth: number,
  offset = 0,
): void {
  steps.forEach((step, index) => {
    const here = [...path, index + offset];
    walk.stepCount++;
    if (depth > LIMITS.maxNesting) {
      report(
        walk,
        'RB1012',
        [...here, 'id'],
        `step "${step.id}" is nested ${depth} levels deep; the limit is ${LIMITS.maxNesting}`,
        'flatten the structure or move the inner part into a child runbook',
      );
    }
    walk.out.push(...checkStepLimits(step, here, walk.locator));
    checkStep(step, here, walk, scope(walk, visible, loopVars, failure));
    if (step.parallel !== undefined) {
      step.parallel.forEach((child, i) => {
        const branch = [...here, 'parallel'];
        walkSteps([child], branch, walk, new Set(visible), loopVars, failure, depth + 1, i);
      });
    }
    if (step.forEach !== undefined) {
      const as = step.forEach.as ?? 'item';
      walkSteps(
        step.forEach.steps,
        [...here, 'forEach', 'steps'],
        walk,
        new Set(visible),
        [...loopVars, as],
        failure,
        depth + 1,
      );
    }
    for (const id of publishedIds(step)) visible.add(id);
  });
}

function checkStep(step: RawStep, path: Path, walk: Walk, sc: ExpressionScope): void {
  const present = KIND_KEYS.filter((key) => step[key] !== undefined);
  if (present.length === 0) {
    report(
      walk,
      'RB2002',
      [...path, 'id'],
      `step "${step.id}" does nothing`,
      'give it exactly one of: run, uses, parallel, forEach, runbook',
    );
  } else if (present.length > 1) {
    report(
      walk,
      'RB2002',
      [...path, present[1] ?? 'id'],
      `step "${step.id}" has both "${present[0]}" and "${present[1]}"`,
      'a step does exactly one thing; split it into two steps',
      'key',
    );
  }
  checkCommonFields(step, path, walk, sc);
  const kind = present[0];
  if (step.outputs !== undefined) {
    const self = new Set(sc.visibleSteps).add(step.id);
    for (const [key, value] of Object.entries(step.outputs)) {
      checkTemplate(value, [...path, 'outputs', key], { ...sc, visibleSteps: self }, walk);
    }
  }
  if (step.rollback !== undefined && step.rollback !== 'none') {
    if (kind === 'parallel' || kind === 'forEach' || kind === 'runbook') {
      report(
        walk,
        'RB2007',
        [...path, 'rollback'],
        `step "${step.id}": a ${kind} step cannot have its own rollback`,
        'put rollbacks on the steps inside it',
        'key',
      );
    }
    const rollbackScope = {
      ...sc,
      visibleSteps: new Set(sc.visibleSteps).add(step.id),
      failure: true,
    };
    const rb: RawRollback = step.rollback;
    const rbPath = [...path, 'rollback'];
    const rbKinds = (['run', 'uses'] as const).filter((key) => rb[key] !== undefined);
    if (rbKinds.length !== 1) {
      report(
        walk,
        'RB2002',
        rbPath,
        `the rollback of step "${step.id}" must have exactly one of run or uses`,
        undefined,
        'key',
      );
    }
    checkCommonFields(rb, rbPath, walk, rollbackScope);
  }
  if (step.params !== undefined && kind !== 'runbook') {
    report(
      walk,
      'RB2007',
      [...path, 'params'],
      `step "${step.id}": "params" only applies to a child runbook step (runbook:)`,
      undefined,
      'key',
    );
  }
  if (step.runbook !== undefined) {
    if (step.runbook === walk.runbookName) {
      report(
        walk,
        'RB2009',
        [...path, 'runbook'],
        `runbook "${walk.runbookName}" calls itself`,
        'a runbook cannot call itself, directly or through child runbooks',
      );
    }
    for (const [key, value] of Object.entries(step.params ?? {})) {
      checkJsonTemplates(value, [...path, 'params', key], sc, walk);
    }
  }
  if (step.forEach !== undefined) {
    const items = step.forEach.items;
    const itemsPath = [...path, 'forEach', 'items'];
    if (typeof items === 'string') {
      if (!isSingleExpression(items)) {
        report(
          walk,
          'RB3006',
          itemsPath,
          `forEach.items must be a list or exactly one \${{ }} expression yielding a list`,
          `e.g. items: "\${{ steps.discover.outputs.names }}" or items: [a, b]`,
        );
      } else {
        const type = checkTemplate(items, itemsPath, sc, walk);
        if (type !== undefined && type !== 'dyn' && !type.startsWith('list')) {
          report(
            walk,
            'RB3006',
            itemsPath,
            `forEach.items must be a list, but the expression is ${type}`,
          );
        }
      }
    } else {
      for (const [i, value] of items.entries())
        checkJsonTemplates(value, [...itemsPath, i], sc, walk);
    }
  }
}

function checkCommonFields(
  step: RawStep | RawRollback,
  path: Path,
  walk: Walk,
  sc: ExpressionScope,
): void {
  const id = 'id' in step ? `step "${step.id}"` : 'rollback';
  walk.out.push(...checkCodeSafety(step, path, { locator: walk.locator, enums: walk.enums }));
  if (step.timeout !== undefined) checkDuration(step.timeout, [...path, 'timeout'], walk);
  if (step.retry?.initialInterval !== undefined)
    checkDuration(step.retry.initialInterval, [...path, 'retry', 'initialInterval'], walk);
  if (step.retry?.maxInterval !== undefined)
    checkDuration(step.retry.maxInterval, [...path, 'retry', 'maxInterval'], walk);
  if (step.when !== undefined) {
    const whenPath = [...path, 'when'];
    if (!isSingleExpression(step.when.trim())) {
      report(
        walk,
        'RB3006',
        whenPath,
        `${id}: "when" must be exactly one \${{ }} expression`,
        `e.g. when: "\${{ params.env == 'prod' }}"`,
      );
    } else {
      const type = checkTemplate(step.when, whenPath, sc, walk);
      if (type !== undefined && type !== 'bool' && type !== 'dyn') {
        report(
          walk,
          'RB3006',
          whenPath,
          `${id}: "when" must be a boolean, but the expression is ${type}`,
          `compare it to something, e.g. "\${{ params.env == 'prod' }}"`,
        );
      }
    }
  }
  for (const [key, value] of Object.entries(step.env ?? {})) {
    if (typeof value === 'string') checkTemplate(value, [...path, 'env', key], sc, walk);
  }
  if (step.run !== undefined) {
    if (typeof step.run === 'string') {
      if (step.shell === undefined) {
        report(
          walk,
          'RB2005',
          [...path, 'run'],
          `${id}: a script string needs an explicit shell`,
          'add `shell: bash`, or write the command as an argv list: run: ["./deploy.sh", "--env", "prod"]',
        );
      }
      checkShellScript(step.run, [...path, 'run'], walk);
    } else {
      if (step.shell !== undefined) {
        report(
          walk,
          'RB2006',
          [...path, 'shell'],
          `${id}: "shell" applies only to a script string, but run is an argv list`,
          'remove `shell:` (an argv list runs without a shell) or write run as one script string',
          'key',
        );
      }
      step.run.forEach((arg, i) => {
        checkTemplate(arg, [...path, 'run', i], sc, walk);
      });
    }
  } else if (step.shell !== undefined) {
    report(
      walk,
      'RB2007',
      [...path, 'shell'],
      `${id}: "shell" only applies to a run step`,
      undefined,
      'key',
    );
  }
  const kinds = KIND_KEYS.filter((key) => (step as RawStep)[key] !== undefined).length;
  if (step.uses !== undefined && kinds <= 1) {
    checkUses(step, path, walk, sc);
  } else if (step.with !== undefined) {
    report(
      walk,
      'RB2007',
      [...path, 'with'],
      `${id}: "with" only applies to a step with "uses"`,
      undefined,
      'key',
    );
  }
}

function checkShellScript(script: string, path: Path, walk: Walk): void {
  let parts: ReturnType<typeof findExpressions>;
  try {
    parts = findExpressions(script);
  } catch {
    parts = [];
    if (hasExpression(script)) {
      const start = script.indexOf('${{');
      walk.out.push({
        code: 'RB3007',
        severity: 'error',
        message: 'expressions are not allowed inside a shell script',
        file: walk.locator.file,
        ...walk.locator.inString(path, start, start + 3),
        hint: 'pass values through env: and read them as "$NAME" in the script',
      });
    }
    return;
  }
  for (const part of parts) {
    const name = suggestEnvName(part.expression);
    walk.out.push({
      code: 'RB3007',
      severity: 'error',
      message: `\${{ ${part.expression} }} inside a shell script could inject code into the shell`,
      file: walk.locator.file,
      ...walk.locator.inString(path, part.start, part.end),
      hint: `pass it through env and quote it in the script: env: { ${name}: "\${{ ${part.expression} }}" } and use "$${name}" in run:`,
    });
  }
}

function suggestEnvName(expression: string): string {
  const last =
    expression
      .split(/[^A-Za-z0-9_]+/)
      .filter(Boolean)
      .pop() ?? 'VALUE';
  const name = last.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
  return /^[A-Z_]/.test(name) ? name : `V_${name}`;
}

function checkUses(step: RawStep | RawRollback, path: Path, walk: Walk, sc: ExpressionScope): void {
  const checked = checkActionUse(step, path, walk.locator);
  walk.out.push(...checked.diagnostics);
  const input = step.with ?? {};
  if (typeof step.uses === 'string') {
    walk.out.push(...checkStructuredInputs(step.uses, input, [...path, 'with'], walk.locator));
  }
  if (checked.valid && checked.action?.name === 'approval') {
    checkApproval(input, [...path, 'with'], walk);
  }
  for (const [key, value] of Object.entries(input))
    checkJsonTemplates(value, [...path, 'with', key], sc, walk);
}

/** Who may approve, and whether anyone could, is checked with the people directory (validate-people.ts). */
function checkApproval(input: Record<string, JsonValue>, path: Path, walk: Walk): void {
  if (input.timeout !== undefined && typeof input.timeout === 'string')
    checkDuration(input.timeout, [...path, 'timeout'], walk);
}

function checkDuration(text: string, path: Path, walk: Walk): void {
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch {
    return; // the schema already reported the syntax
  }
  if (ms <= 0) {
    report(walk, 'RB2014', path, `${formatPath(path)}: duration must be greater than zero`);
  } else if (ms > LIMITS.maxDurationMs) {
    report(
      walk,
      'RB2014',
      path,
      `${formatPath(path)}: ${text} is longer than the limit of 30d`,
      'long waits belong in separate runs',
    );
  }
}

function checkJsonTemplates(value: JsonValue, path: Path, sc: ExpressionScope, walk: Walk): void {
  if (typeof value === 'string') {
    checkTemplate(value, path, sc, walk);
  } else if (Array.isArray(value)) {
    value.forEach((element, i) => {
      checkJsonTemplates(element, [...path, i], sc, walk);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, element] of Object.entries(value))
      checkJsonTemplates(element, [...path, key], sc, walk);
  }
}

/** Checks every `${{ }}` in a string; returns the type when the string is one expression. */
function checkTemplate(
  text: string,
  path: Path,
  sc: ExpressionScope,
  walk: Walk,
): string | undefined {
  if (!hasExpression(text)) return undefined;
  // Past the number of diagnostics a file reports, checking more expressions only costs time.
  if (walk.out.length > REPORT_LIMITS.maxDiagnosticsPerFile) return undefined;
  let parts: ReturnType<typeof findExpressions>;
  try {
    parts = findExpressions(text);
  } catch (error) {
    const start = text.indexOf('${{');
    walk.out.push({
      code: 'RB3008',
      severity: 'error',
      message:
        error instanceof ExpressionError
          ? `unterminated expression: "\${{" has no closing "}}"`
          : String(error),
      file: walk.locator.file,
      ...walk.locator.inString(path, start, start + 3),
      hint: `close it with "}}", e.g. "\${{ params.env }}"`,
    });
    return undefined;
  }
  let type: string | undefined;
  for (const part of parts) {
    if (walk.out.length > REPORT_LIMITS.maxDiagnosticsPerFile) break;
    const result = checkExpression(part.expression, sc);
    for (const problem of result.problems) {
      const start = part.expressionStart + problem.start;
      const end = part.expressionStart + Math.max(problem.end, problem.start + 1);
      walk.out.push({
        code: problem.code,
        severity: 'error',
        message: problem.message,
        file: walk.locator.file,
        ...walk.locator.inString(path, start, end),
        ...(problem.hint === undefined ? {} : { hint: problem.hint }),
      });
    }
    type = result.type;
  }
  return parts.length === 1 ? type : 'string';
}

// ---------------------------------------------------------------------------------------------
// Across files

/** Child-runbook references of a definition: `[{ name, step, source }]`. */
function childRefs(def: RunbookDefinition): Array<{ name: string; step: Step }> {
  const refs: Array<{ name: string; step: Step }> = [];
  const visit = (steps: readonly Step[]) => {
    for (const step of steps) {
      switch (step.kind) {
        case 'runbook':
          refs.push({ name: step.runbook, step });
          break;
        case 'parallel':
          visit(step.steps);
          break;
        case 'forEach':
          visit(step.steps);
          break;
        case 'run':
        case 'uses':
          break;
        default: {
          const never: never = step;
          throw new Error(`unhandled step kind ${JSON.stringify(never)}`);
        }
      }
    }
  };
  visit(def.steps);
  visit(def.onFailure);
  return refs;
}

/**
 * Checks a set of parsed runbooks together: duplicate names, children that do not exist, and
 * cycles of child runbooks (a → b → a), reported at the step that closes the cycle.
 */
export function checkRunbookSet(defs: readonly RunbookDefinition[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byName = new Map<string, RunbookDefinition>();
  for (const def of defs) {
    const first = byName.get(def.name);
    if (first !== undefined) {
      out.push({
        code: 'RB2011',
        severity: 'error',
        message: `runbook name "${def.name}" is also used by ${first.file}`,
        file: def.file,
        line: 1,
        column: 1,
        hint: 'metadata.name must be unique across the repository',
      });
      continue;
    }
    byName.set(def.name, def);
  }
  for (const def of byName.values()) {
    for (const ref of childRefs(def)) {
      if (!byName.has(ref.name)) {
        const guess = didYouMean(ref.name, byName.keys());
        out.push({
          code: 'RB2010',
          severity: 'error',
          message: `step "${ref.step.id}" calls runbook "${ref.name}", which does not exist`,
          file: ref.step.source.file,
          line: ref.step.source.line,
          column: ref.step.source.column,
          hint:
            guess !== undefined
              ? `did you mean "${guess}"?`
              : 'a child runbook is referred to by its metadata.name',
        });
      }
    }
  }
  // Depth-first search for cycles; each cycle is reported once, at its first edge.
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: Array<{ name: string; step?: Step }> = [];
  const reported = new Set<string>();
  const dfs = (name: string) => {
    state.set(name, 'visiting');
    const def = byName.get(name);
    for (const ref of def === undefined ? [] : childRefs(def)) {
      if (ref.name === name) continue; // self-calls are reported by validateDocument
      const seen = state.get(ref.name);
      if (seen === 'visiting') {
        const start = stack.findIndex((entry) => entry.name === ref.name);
        const cycle = [...stack.slice(start).map((entry) => entry.name), name, ref.name];
        const key = [...cycle].slice(0, -1).sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          out.push({
            code: 'RB2009',
            severity: 'error',
            message: `child runbooks form a cycle: ${cycle.join(' → ')}`,
            file: ref.step.source.file,
            line: ref.step.source.line,
            column: ref.step.source.column,
            hint: 'a runbook cannot call itself through its children; break the cycle',
          });
        }
      } else if (seen === undefined && byName.has(ref.name)) {
        stack.push({ name, step: ref.step });
        dfs(ref.name);
        stack.pop();
      }
    }
    state.set(name, 'done');
  };
  for (const name of byName.keys()) if (!state.has(name)) dfs(name);
  return out;
}

export interface RunbookSetResult {
  /** Every diagnostic of every file, sorted by file and position. */
  readonly diagnostics: Diagnostic[];
  /** The definitions that parsed without errors. */
  readonly runbooks: RunbookDefinition[];
}

/** Parses every file, then checks them together (names, missing children, cycles). */
export function validateRunbookSet(
  files: ReadonlyArray<{ file: string; text: string }>,
  options: { readonly people?: (file: string) => PeopleDirectory | undefined } = {},
): RunbookSetResult {
  const diagnostics: Diagnostic[] = [];
  const runbooks: RunbookDefinition[] = [];
  for (const { file, text } of files) {
    const result = parseRunbook(text, file);
    diagnostics.push(...result.diagnostics);
    if (result.ok) diagnostics.push(...checkPeopleUse(text, file, options.people?.(file)));
    if (result.ok) runbooks.push(result.runbook);
  }
  diagnostics.push(...checkRunbookSet(runbooks));
  return { diagnostics: diagnostics.sort(compareDiagnostics), runbooks };
}
