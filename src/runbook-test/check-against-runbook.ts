/**
 * Cross-checks a parsed test file against the runbook it tests and the people.yaml that applies:
 * every step, approval step and person it names must exist, each mock must fit its step's kind,
 * params must be valid, and an expectation the runbook can never meet (a rollback of a step that
 * has none, a skip of a step without `when:`) is an error — a case that cannot fail for the
 * right reason is not a pass. Pure: no I/O.
 */
import { findAction } from '../runbook/actions/index.js';
import { compareDiagnostics, type Diagnostic, didYouMean } from '../runbook/diagnostics.js';
import type { Locator, Path } from '../runbook/locate.js';
import type { RunbookDefinition, Step } from '../runbook/model.js';
import { resolveParams } from '../runbook/params.js';
import type { PeopleDirectory } from '../runbook/people/model.js';
import type { RunbookTestFile, TestCase } from './model.js';

/** What a test may say about one step of the runbook. */
export interface StepFacts {
  readonly step: Step;
  /** `run`, an activity-backed action, `approval`, `sleep`, or a group (`parallel`, …). */
  readonly runs: 'command' | 'activity' | 'approval' | 'sleep' | 'group';
  /** Whether a failure after it would roll it back (its `rollback:` or a built-in undo). */
  readonly canRollBack: boolean;
}

/** Every step of the runbook (nested and `onFailure` included), by id. */
export function stepFacts(definition: RunbookDefinition): Map<string, StepFacts> {
  const out = new Map<string, StepFacts>();
  const visit = (steps: readonly Step[]) => {
    for (const step of steps) {
      out.set(step.id, factsOf(step));
      if (step.kind === 'parallel' || step.kind === 'forEach') visit(step.steps);
    }
  };
  visit(definition.steps);
  visit(definition.onFailure);
  return out;
}

function factsOf(step: Step): StepFacts {
  const ownRollback = step.rollback !== undefined && step.rollback !== 'none';
  switch (step.kind) {
    case 'run':
      return { step, runs: 'command', canRollBack: ownRollback };
    case 'uses': {
      const action = findAction(step.action);
      const runs =
        action?.runs === 'approval' ? 'approval' : action?.runs === 'sleep' ? 'sleep' : 'activity';
      const builtIn = action?.undo !== undefined && step.rollback === undefined;
      return { step, runs, canRollBack: ownRollback || builtIn };
    }
    case 'parallel':
    case 'forEach':
    case 'runbook':
      return { step, runs: 'group', canRollBack: ownRollback };
    default: {
      const never: never = step;
      throw new Error(`unknown step kind ${JSON.stringify(never)}; this is a bug`);
    }
  }
}

export interface RunbookUnderTest {
  readonly definition: RunbookDefinition;
  readonly people: PeopleDirectory;
}

export function checkAgainstRunbook(
  test: RunbookTestFile,
  locator: Locator,
  target: RunbookUnderTest,
): Diagnostic[] {
  const facts = stepFacts(target.definition);
  const out: Diagnostic[] = [];
  for (const c of test.cases) out.push(...checkCase(c, locator, target, facts));
  return out.sort(compareDiagnostics);
}

function checkCase(
  c: TestCase,
  locator: Locator,
  target: RunbookUnderTest,
  facts: Map<string, StepFacts>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const base: Path = ['cases', c.index];
  const runbook = target.definition.name;
  const push = (
    code: string,
    path: Path,
    message: string,
    hint: string,
    part: 'key' | 'value' = 'value',
  ) =>
    out.push({
      code,
      severity: 'error',
      message: `case "${c.name}": ${message}`,
      file: locator.file,
      ...locator.at([...base, ...path], part),
      hint,
    });

  /** The step's facts, or an RB9111 at `path` saying the runbook cannot reach it. */
  const known = (id: string, path: Path, part: 'key' | 'value' = 'value') => {
    const found = facts.get(id);
    if (found !== undefined) return found;
    const guess = didYouMean(id, facts.keys());
    push(
      'RB9111',
      path,
      `${runbook} has no step "${id}", so the runbook cannot reach it`,
      guess !== undefined
        ? `did you mean "${guess}"?`
        : `the steps of ${runbook} are: ${[...facts.keys()].join(', ')}`,
      part,
    );
    return undefined;
  };
  const approvalStep = (id: string, path: Path, part: 'key' | 'value' = 'value') => {
    const found = known(id, path, part);
    if (found === undefined || found.runs === 'approval') return;
    const approvals = [...facts.values()]
      .filter((f) => f.runs === 'approval')
      .map((f) => f.step.id);
    push(
      'RB9112',
      path,
      `step "${id}" is not an approval step (uses: approval)`,
      approvals.length > 0
        ? `the approval steps of ${runbook} are: ${approvals.join(', ')}`
        : `${runbook} has no approval step`,
      part,
    );
  };
  const person = (id: string, path: Path) => {
    if (Object.hasOwn(target.people.people, id)) return;
    if (target.people.file === null) {
      push(
        'RB9113',
        path,
        `"${id}" cannot vote: no people.yaml applies to ${runbook}`,
        'add a people.yaml beside the runbook (or above it) that lists this person',
      );
      return;
    }
    const guess = didYouMean(id, Object.keys(target.people.people));
    push(
      'RB9113',
      path,
      `"${id}" is not a person of ${target.people.file}`,
      guess !== undefined
        ? `did you mean "${guess}"?`
        : `the people are: ${Object.keys(target.people.people).join(', ')}`,
    );
  };

  // Params: the same rules as `runbook run -p`.
  const raw: Record<string, string> = {};
  for (const [name, value] of Object.entries(c.params)) raw[name] = String(value);
  const params = resolveParams(target.definition, raw);
  if (!params.ok) {
    for (const error of params.errors) {
      const given = Object.hasOwn(c.params, error.param);
      const path: Path = given ? ['params', error.param] : ['name'];
      push(
        'RB9115',
        path,
        error.message,
        given
          ? 'give the values `runbook run -p` would accept'
          : `add "${error.param}:" to this case's params:`,
        given ? 'key' : 'value',
      );
    }
  }

  for (const [id, mock] of Object.entries(c.steps)) {
    const path: Path = ['steps', id];
    const found = known(id, path, 'key');
    if (found === undefined) continue;
    const misfit = (message: string, hint: string) => push('RB9114', path, message, hint, 'key');
    switch (found.runs) {
      case 'approval':
        misfit(
          `step "${id}" is an approval: it runs no activity to mock`,
          'decide it under approvals: (approve:, reject:, or neither to let it time out)',
        );
        continue;
      case 'sleep':
        misfit(
          `step "${id}" is a sleep: it is a timer, not an activity`,
          'remove it from steps:; its duration passes in virtual time',
        );
        continue;
      case 'group':
        misfit(
          `step "${id}" is a ${found.step.kind} step: it runs no activity of its own`,
          found.step.kind === 'runbook'
            ? 'a child runbook is tested by its own test file'
            : 'mock the steps inside it by their own ids',
        );
        continue;
      case 'activity':
        if (mock.real) {
          misfit(
            `real: true runs a run: step for real; "${id}" is a uses: step`,
            'mock it with outputs: or fail: instead',
          );
        }
        if (mock.fail?.exitCode !== undefined || mock.fail?.stderr !== undefined) {
          push(
            'RB9114',
            [...path, 'fail'],
            `fail.exitCode and fail.stderr describe a command; "${id}" is a uses: step`,
            'write fail.message: the error the action would report',
          );
        }
        break;
      case 'command':
        break;
    }
    if (mock.rollback !== undefined && !found.canRollBack) {
      push(
        'RB9118',
        [...path, 'rollback'],
        `step "${id}" has no rollback (no rollback: and no built-in undo) to mock`,
        'remove rollback: here, or give the step a rollback: in the runbook',
        'key',
      );
    }
  }

  c.approvals.forEach((a, j) => {
    approvalStep(a.step, ['approvals', j, 'step']);
    a.people.forEach((p, k) => {
      person(p, ['approvals', j, a.decision === 'reject' ? 'reject' : 'approve', k]);
    });
  });

  const e = c.expect;
  for (const list of ['ran', 'skipped', 'rolledBack', 'rollbackFailed'] as const) {
    (e[list] ?? []).forEach((id, j) => {
      const found = known(id, ['expect', list, j]);
      if (found === undefined) return;
      // A rolledBack: naming a step without rollback is left to the run: removing a rollback a
      // case expects must fail that case with a diff, not turn the test file invalid.
      if (list === 'skipped' && found.step.when === undefined) {
        push(
          'RB9118',
          ['expect', list, j],
          `step "${id}" has no when:, so it is never skipped`,
          'remove it from skipped:, or give the step a when: in the runbook',
        );
      }
    });
  }
  (e.calls ?? []).forEach((call, j) => {
    const path: Path = ['expect', 'calls', j, 'step'];
    const found = known(call.step, path);
    if (found === undefined) return;
    const kind = callKind(found, call.rollback);
    if (kind === undefined) {
      push(
        'RB9114',
        path,
        `step "${call.step}" runs no activity, so it makes no call to expect`,
        'expect it in ran: instead',
      );
      return;
    }
    if (call.argv !== undefined && kind !== 'command') {
      push(
        'RB9114',
        ['expect', 'calls', j, 'argv'],
        `argv: is what a run: step is called with; "${call.step}"${call.rollback ? "'s rollback" : ''} is a uses: step`,
        'write with: (the keys of its rendered with:)',
        'key',
      );
    }
    if (call.with !== undefined && kind !== 'activity') {
      push(
        'RB9114',
        ['expect', 'calls', j, 'with'],
        `with: is what a uses: step is called with; "${call.step}"${call.rollback ? "'s rollback" : ''} is a run: step`,
        'write argv: (the rendered command line)',
        'key',
      );
    }
  });
  for (const id of Object.keys(e.outputs ?? {})) known(id, ['expect', 'outputs', id], 'key');
  for (const [id, people] of Object.entries(e.approvers ?? {})) {
    approvalStep(id, ['expect', 'approvers', id], 'key');
    people.forEach((p, k) => {
      person(p, ['expect', 'approvers', id, k]);
    });
  }
  return out;
}

/** What kind of call a step (or its rollback) makes: a command, an action's activity, or none. */
function callKind(facts: StepFacts, rollback: boolean): 'command' | 'activity' | undefined {
  if (!rollback) {
    if (facts.runs === 'command') return 'command';
    if (facts.runs === 'activity') return 'activity';
    return undefined;
  }
  const own = facts.step.rollback;
  if (own !== undefined && own !== 'none') return own.kind === 'run' ? 'command' : 'activity';
  // No rollback of its own: a built-in undo (an action), or no call at all — which the run will
  // show as "never called"; the call is still written as the step's kind would make it.
  if (facts.runs === 'command') return 'command';
  return facts.runs === 'activity' ? 'activity' : undefined;
}
