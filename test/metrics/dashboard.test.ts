import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDashboard, metricOfSeries, substitute } from '../../scripts/dashboard/dashboard.js';
import { metricNames, parsePromql } from '../../scripts/dashboard/promql.js';
import { ALL_RUNBOOK_METRICS, SDK_METRICS_TO_WATCH } from '../../src/workflows/metric-catalog.js';

const dashboard = loadDashboard();
const queried = dashboard.panels.flatMap((p) =>
  (p.targets ?? []).map((t) => ({ panel: p, target: t })),
);

test('the dashboard has a Prometheus datasource variable that every query uses, and a runbook variable', () => {
  const variables = dashboard.templating.list;
  assert.ok(
    variables.some(
      (v) => v.name === 'datasource' && v.type === 'datasource' && v.query === 'prometheus',
    ),
  );
  assert.ok(variables.some((v) => v.name === 'runbook' && v.type === 'query'));
  const text = JSON.stringify(dashboard.panels);
  assert.doesNotMatch(
    text,
    /"uid":\s*"(?!\$\{datasource\})/,
    'a panel names a fixed datasource uid',
  );
  assert.ok(queried.length >= 10);
});

test('every panel id is unique and every query parses', () => {
  const ids = dashboard.panels.map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const { panel, target } of queried) {
    assert.doesNotThrow(
      () => parsePromql(substitute(target.expr, { rateSeconds: 60, rangeSeconds: 3600 })),
      `panel ${panel.id} "${panel.title}" ${target.refId}`,
    );
  }
});

test('every metric the dashboard queries is one the code (or the SDK) emits, and every runbook_… query uses a catalog name', () => {
  const ours = new Set(ALL_RUNBOOK_METRICS.map((m) => m.name));
  const sdk = new Set<string>(SDK_METRICS_TO_WATCH.map((m) => m.name));
  const used = new Set<string>();
  for (const { panel, target } of queried) {
    const expr = parsePromql(substitute(target.expr, { rateSeconds: 60, rangeSeconds: 3600 }));
    for (const series of metricNames(expr)) {
      const name = metricOfSeries(series);
      used.add(name);
      assert.ok(
        ours.has(name) || sdk.has(name),
        `panel ${panel.id} "${panel.title}" queries ${series}, which nothing emits`,
      );
    }
  }
  for (const name of [
    'runbook_runs_started_total',
    'runbook_runs_finished_total',
    'runbook_step_duration_seconds',
    'runbook_approval_wait_seconds',
    'runbook_compensations_run_total',
    'runbook_compensations_failed_total',
    'runbook_runs_enqueued_total',
    'runbook_runs_dequeued_total',
    'temporal_num_pollers',
    'temporal_worker_task_slots_available',
  ]) {
    assert.ok(used.has(name), `no panel shows ${name}`);
  }
});
