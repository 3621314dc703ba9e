// What changed between the plan reviewers saw on a pull request and the plan at the merge commit:
// a short list of lines for the plan-binding gate (docs/github.md#merges-that-start-runs). It is
// bounded (a merge may change a thousand lines) and every line is escaped (values are hostile).
import { shown } from './bounded-text.js';
import type { RunbookDefinition } from './model.js';
import type { PeopleDirectory } from './people/model.js';
import { planRunbook, renderPlanText } from './plan.js';
import { canonicalJson, type PlanHashInput } from './plan-hash.js';

export const PLAN_DIFFERENCE_LIMITS = {
  /** Lines in the whole difference, the "… more" line included. */
  maxLines: 40,
  maxLineLength: 200,
  /** Plans longer than this are compared line by line only in their first lines. */
  maxPlanLines: 600,
} as const;

function changedKeys<T>(
  before: Readonly<Record<string, T>>,
  after: Readonly<Record<string, T>>,
): { added: string[]; removed: string[]; changed: string[] } {
  const added: string[] = [];
  const removed: string[] = [];
  const changed: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const inBefore = Object.hasOwn(before, key);
    const inAfter = Object.hasOwn(after, key);
    if (!inBefore) added.push(key);
    else if (!inAfter) removed.push(key);
    else if (canonicalJson(before[key]) !== canonicalJson(after[key])) changed.push(key);
  }
  return { added: added.sort(), removed: removed.sort(), changed: changed.sort() };
}

function definitionLines(label: string, before: RunbookDefinition, after: RunbookDefinition) {
  if (canonicalJson(before) === canonicalJson(after)) return [];
  const moved = before.file === after.file ? '' : ` (moved from ${before.file})`;
  return [`${label} ${after.file} changed${moved}`];
}

function peopleLines(before: PeopleDirectory, after: PeopleDirectory): string[] {
  if (canonicalJson(before) === canonicalJson(after)) return [];
  const file = after.file ?? before.file ?? 'people.yaml';
  const persons = changedKeys(before.people, after.people);
  const groups = changedKeys(before.groups, after.groups);
  const parts = [
    ...persons.added.map((p) => `+person ${p}`),
    ...persons.removed.map((p) => `-person ${p}`),
    ...persons.changed.map((p) => `~person ${p}`),
    ...groups.added.map((g) => `+group ${g}`),
    ...groups.removed.map((g) => `-group ${g}`),
    ...groups.changed.map((g) => `~group ${g}`),
  ];
  if (before.file !== after.file)
    parts.unshift(`file ${before.file ?? '(none)'} → ${after.file ?? '(none)'}`);
  return [`people ${file} changed: ${parts.join(', ') || 'formatting only'}`];
}

function valueText(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : canonicalJson(value);
}

/**
 * A line diff (longest common subsequence) of two texts: `- ` lines only in `before`, `+ ` lines
 * only in `after`, in order. Bounded by {@link PLAN_DIFFERENCE_LIMITS.maxPlanLines}.
 */
export function lineDiff(before: string, after: string): string[] {
  const max = PLAN_DIFFERENCE_LIMITS.maxPlanLines;
  const a = before.split('\n').slice(0, max);
  const b = after.split('\n').slice(0, max);
  const rows = a.length + 1;
  const cols = b.length + 1;
  const table = new Uint16Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      table[i * cols + j] =
        a[i] === b[j]
          ? (table[(i + 1) * cols + j + 1] ?? 0) + 1
          : Math.max(table[(i + 1) * cols + j] ?? 0, table[i * cols + j + 1] ?? 0);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i += 1;
      j += 1;
    } else if ((table[(i + 1) * cols + j] ?? 0) >= (table[i * cols + j + 1] ?? 0)) {
      out.push(`- ${a[i]}`);
      i += 1;
    } else {
      out.push(`+ ${b[j]}`);
      j += 1;
    }
  }
  for (; i < a.length; i += 1) out.push(`- ${a[i]}`);
  for (; j < b.length; j += 1) out.push(`+ ${b[j]}`);
  return out.filter((line) => line.trim() !== '-' && line.trim() !== '+');
}

/** Cuts the list to the limits: each line escaped and cut, then "… N more lines". */
function bounded(lines: readonly string[]): string[] {
  const { maxLines, maxLineLength } = PLAN_DIFFERENCE_LIMITS;
  const kept = lines.length <= maxLines ? lines : lines.slice(0, maxLines - 1);
  const out = kept.map((line) => shown(line, maxLineLength));
  if (kept.length < lines.length) out.push(`… ${lines.length - kept.length} more lines`);
  return out;
}

/**
 * How the plan at the merge commit (`actual`) differs from the one reviewed (`reviewed`, or
 * `undefined` when the runbook did not exist or was invalid at the pull request's head): which
 * definitions and people changed, which resolved params, then the rendered plans line by line.
 * Empty when nothing differs. Pure.
 */
export function planDifference(
  reviewed: PlanHashInput | undefined,
  actual: PlanHashInput,
): string[] {
  if (reviewed === undefined) {
    return bounded([
      `runbook "${actual.definition.name}" could not be planned at the pull request's head: nothing of it was reviewed`,
    ]);
  }
  const lines: string[] = [];
  lines.push(...definitionLines('runbook', reviewed.definition, actual.definition));
  const children = changedKeys(reviewed.children, actual.children);
  for (const name of children.added) lines.push(`child runbook "${name}" added`);
  for (const name of children.removed) lines.push(`child runbook "${name}" removed`);
  for (const name of children.changed) {
    const before = reviewed.children[name];
    const after = actual.children[name];
    if (before !== undefined && after !== undefined)
      lines.push(...definitionLines(`child runbook "${name}"`, before, after));
  }
  lines.push(...peopleLines(reviewed.people, actual.people));
  const params = changedKeys(reviewed.params, actual.params);
  for (const name of [...params.added, ...params.removed, ...params.changed].sort()) {
    const before = Object.hasOwn(reviewed.params, name)
      ? valueText(reviewed.params[name])
      : '(unset)';
    const after = Object.hasOwn(actual.params, name) ? valueText(actual.params[name]) : '(unset)';
    lines.push(`param ${name}: ${before} → ${after}`);
  }
  const planText = (input: PlanHashInput) =>
    renderPlanText(planRunbook(input.definition, { ...input.params }));
  const steps = lineDiff(planText(reviewed), planText(actual));
  if (steps.length > 0) lines.push('plan:', ...steps);
  return bounded(lines);
}
