/**
 * A readable diff of expected vs actual: both rendered as lines (one list item or one JSON line
 * per line), then a line diff (longest common subsequence) marked `-` expected, `+` actual. Pure.
 */
import type { JsonValue } from '../runbook/model.js';

/** One item per line for a list of scalars; indented JSON otherwise. */
export function linesOf(value: JsonValue | undefined): string[] {
  if (value === undefined) return ['(nothing)'];
  if (Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object')) {
    return value.length === 0 ? ['(none)'] : value.map((item) => String(item));
  }
  return JSON.stringify(value, null, 2).split('\n');
}

/** Lines prefixed `  ` (both), `- ` (expected only) or `+ ` (actual only). */
export function diffLines(expected: readonly string[], actual: readonly string[]): string[] {
  const n = expected.length;
  const m = actual.length;
  // Bounded: reports are read by people; past this size a plain listing says as much.
  if (n * m > 250_000) return [...expected.map((l) => `- ${l}`), ...actual.map((l) => `+ ${l}`)];
  const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = table[i] as number[];
      row[j] =
        expected[i] === actual[j]
          ? ((table[i + 1] as number[])[j + 1] as number) + 1
          : Math.max((table[i + 1] as number[])[j] as number, row[j + 1] as number);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && expected[i] === actual[j]) {
      out.push(`  ${expected[i]}`);
      i++;
      j++;
    } else if (
      j < m &&
      (i >= n ||
        ((table[i] as number[])[j + 1] as number) >= ((table[i + 1] as number[])[j] as number))
    ) {
      out.push(`+ ${actual[j]}`);
      j++;
    } else {
      out.push(`- ${expected[i]}`);
      i++;
    }
  }
  return out;
}
