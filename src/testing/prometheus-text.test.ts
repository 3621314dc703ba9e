import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePrometheusText, samplesOf, sumOf } from './prometheus-text.js';

const TEXT = `# HELP runbook_runs_finished_total Runs that finished.
# TYPE runbook_runs_finished_total counter
runbook_runs_finished_total{runbook="a",status="Succeeded"} 3
runbook_runs_finished_total{runbook="b",status="Failed",note="x\\"y, z"} 1
up 1 1700000000000
h_bucket{le="+Inf"} +Inf
`;

test('samples are read with their labels (escapes included) and values; comments are skipped', () => {
  const samples = parsePrometheusText(TEXT);
  assert.equal(samples.length, 4);
  assert.deepEqual(samples[1], {
    name: 'runbook_runs_finished_total',
    labels: { runbook: 'b', status: 'Failed', note: 'x"y, z' },
    value: 1,
  });
  assert.deepEqual(samples[2], { name: 'up', labels: {}, value: 1 });
  assert.equal(samples[3]?.value, Number.POSITIVE_INFINITY);
});

test('samplesOf and sumOf select by name and a subset of labels', () => {
  const samples = parsePrometheusText(TEXT);
  assert.equal(samplesOf(samples, 'runbook_runs_finished_total', { runbook: 'a' }).length, 1);
  assert.equal(sumOf(samples, 'runbook_runs_finished_total'), 4);
  assert.equal(sumOf(samples, 'runbook_runs_finished_total', { status: 'Cancelled' }), 0);
});

test('a line that is not a sample is an error naming its line number', () => {
  assert.throws(() => parsePrometheusText('ok 1\nnot a sample at all\n'), /line 2 is not a sample/);
});
