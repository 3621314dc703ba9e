import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runbookMetricsTable, sdkMetricsTable } from '../../scripts/dashboard/docs-table.js';

const docs = readFileSync(fileURLToPath(new URL('../../docs/metrics.md', import.meta.url)), 'utf8');

test('docs/metrics.md lists exactly the metrics of the catalog (regenerate with scripts/dashboard/docs-table.ts)', () => {
  assert.ok(docs.includes(runbookMetricsTable()), 'the runbook_… table differs from the catalog');
  assert.ok(docs.includes(sdkMetricsTable()), 'the SDK table differs from the catalog');
  const documented = [...docs.matchAll(/^\| `(runbook_[a-z_]+)`/gm)].map((m) => m[1]);
  assert.equal(new Set(documented).size, documented.length);
});
