import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runbookMetricsTable, sdkMetricsTable } from '../../scripts/dashboard/docs-table.js';

const docs = readFileSync(fileURLToPath(new URL('../../docs/metrics.md', import.meta.url)), 'utf8');

/** A markdown table's data rows as trimmed cells (the formatter may pad them). */
function rowsOf(table: string): string[][] {
  return table
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s|-]+\|$/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
}

/** The table in docs/metrics.md whose header row is `header`'s. */
function documentedTable(header: readonly string[]): string[][] {
  const rows = rowsOf(docs);
  const start = rows.findIndex((r) => JSON.stringify(r) === JSON.stringify(header));
  assert.ok(start >= 0, `docs/metrics.md has no table headed ${header.join(' | ')}`);
  const lines = docs.split('\n');
  const table: string[] = [];
  let inside = false;
  for (const line of lines) {
    const cells = line.startsWith('|') ? rowsOf(line)[0] : undefined;
    if (!inside && cells !== undefined && JSON.stringify(cells) === JSON.stringify(header)) {
      inside = true;
    }
    if (inside) {
      if (!line.startsWith('|')) break;
      table.push(line);
    }
  }
  return rowsOf(table.join('\n'));
}

for (const [what, generated] of [
  ['runbook_…', runbookMetricsTable()],
  ['SDK', sdkMetricsTable()],
] as const) {
  test(`docs/metrics.md's ${what} table is the catalog's (regenerate with scripts/dashboard/docs-table.ts)`, () => {
    const expected = rowsOf(generated);
    assert.deepEqual(documentedTable(expected[0] ?? []), expected);
  });
}
