import type { JsonValue, RunbookDefinition, Step } from '../runbook/model.js';
import type { Approvers } from '../runbook/people/model.js';

function literalStrings(value: JsonValue | undefined): string[] {
  if (!Array.isArray(value)) return [];
  // A templated entry (`${{ … }}`) names nobody until run time: the gate does not guess it.
  return value.filter((v): v is string => typeof v === 'string' && !v.includes('${{'));
}

function collect(steps: readonly Step[], people: Set<string>, groups: Set<string>): void {
  for (const step of steps) {
    if (step.kind === 'uses' && step.action === 'approval') {
      const approvers = step.with.approvers;
      if (typeof approvers === 'object' && approvers !== null && !Array.isArray(approvers)) {
        for (const p of literalStrings(approvers.people)) people.add(p);
        for (const g of literalStrings(approvers.groups)) groups.add(g);
      }
    }
    if (step.kind === 'parallel' || step.kind === 'forEach') collect(step.steps, people, groups);
  }
}

/**
 * Who may pass the plan-binding gate of a merge-started run: everyone the runbook's own
 * `approval` steps name (people and groups, literal entries only), else its `spec.access`, else
 * anyone but the person who merged (both lists empty). Pure.
 */
export function planBindingApprovers(definition: RunbookDefinition): Approvers {
  const people = new Set<string>();
  const groups = new Set<string>();
  collect(definition.steps, people, groups);
  if (people.size > 0 || groups.size > 0) {
    return { people: [...people].sort(), groups: [...groups].sort() };
  }
  if (definition.access !== undefined) {
    return { people: [...definition.access.people], groups: [...definition.access.groups] };
  }
  return { people: [], groups: [] };
}
