/**
 * A readable line diff of two objects rendered as YAML, for dry-run results and `runbook plan`.
 * Server-set fields (status, resourceVersion, managedFields, …) are left out of both sides, and
 * a Secret's values are replaced by markers on both sides (keys stay; on the after side a
 * value that differs reads `<redacted: N bytes, changed>`), so the diff shows which keys change but never their values.
 */
import { stringify } from 'yaml';
import { userFields } from './objects.js';
import { redactSecret } from './secret-redaction.js';
import type { JsonObject } from './types.js';

const CONTEXT_LINES = 3;

/** Diffs `before` (null: the object does not exist yet) against `after` (null: it will be gone). */
export function objectDiff(
  label: string,
  before: JsonObject | null,
  after: JsonObject | null,
): string {
  const render = (o: JsonObject | null, other: JsonObject | null) =>
    o === null
      ? []
      : stringify(redactSecret(userFields(o), other), { sortMapEntries: true })
          .trimEnd()
          .split('\n');
  return lineDiff(label, render(before, null), render(after, before));
}

/** A unified diff of two line arrays with `CONTEXT_LINES` of context; empty when they are equal. */
export function lineDiff(
  label: string,
  before: readonly string[],
  after: readonly string[],
): string {
  const n = before.length;
  const m = after.length;
  // Longest common subsequence table, from the end.
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = lcs[i] as number[];
      row[j] =
        before[i] === after[j]
          ? ((lcs[i + 1] as number[])[j + 1] as number) + 1
          : Math.max((lcs[i + 1] as number[])[j] as number, row[j + 1] as number);
    }
  }
  const ops: Array<{ op: ' ' | '-' | '+'; line: string }> = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      ops.push({ op: ' ', line: before[i++] as string });
      j++;
    } else if (
      i < n &&
      (j >= m || ((lcs[i + 1] as number[])[j] as number) >= ((lcs[i] as number[])[j + 1] as number))
    ) {
      ops.push({ op: '-', line: before[i++] as string });
    } else {
      ops.push({ op: '+', line: after[j++] as string });
    }
  }
  if (ops.every((o) => o.op === ' ')) return '';
  const keep = ops.map((_op, index) =>
    ops
      .slice(Math.max(0, index - CONTEXT_LINES), index + CONTEXT_LINES + 1)
      .some((x) => x.op !== ' '),
  );
  const out = [`--- ${label} (live)`, `+++ ${label} (after this step)`];
  let skipped = false;
  ops.forEach((o, index) => {
    if (keep[index]) {
      if (skipped) out.push('@@ … @@');
      skipped = false;
      out.push(`${o.op} ${o.line}`);
    } else {
      skipped = true;
    }
  });
  return out.join('\n');
}
