/**
 * The table of docs/metrics.md, generated from the metric catalog so the two cannot drift
 * (test/metrics/docs-table.test.ts compares them).
 *
 *   node --import tsx scripts/dashboard/docs-table.ts   (prints the table to paste)
 */
import { ALL_RUNBOOK_METRICS, SDK_METRICS_TO_WATCH } from '../../src/workflows/metric-catalog.js';

export function runbookMetricsTable(): string {
  const rows = ALL_RUNBOOK_METRICS.map(
    (m) =>
      `| \`${m.name}\` | ${m.type} | ${m.unit === 's' ? 'seconds' : 'count'} | ${m.labels.map((l) => `\`${l}\``).join(', ')} | ${m.source} | ${m.help} |`,
  );
  return [
    '| Metric | Type | Unit | Labels | Emitted by | Meaning |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

export function sdkMetricsTable(): string {
  const rows = SDK_METRICS_TO_WATCH.map((m) => `| \`${m.name}\` | ${m.type} | ${m.help} |`);
  return ['| Metric | Type | What it tells you |', '| --- | --- | --- |', ...rows].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`${runbookMetricsTable()}\n\n${sdkMetricsTable()}`);
}
