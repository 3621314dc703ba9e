import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Sample } from '../../src/testing/prometheus-text.js';
import { evaluate, metricNames, parsePromql, type Scrape } from './promql.js';

const counter = (value: number, labels: Record<string, string>): Sample => ({
  name: 'runs_total',
  labels,
  value,
});
const bucket = (le: string, value: number): Sample => ({ name: 'd_bucket', labels: { le }, value });

const SCRAPES: Scrape[] = [
  { t: 0, samples: [counter(1, { status: 'ok', rb: 'a' })] },
  {
    t: 30,
    samples: [
      counter(4, { status: 'ok', rb: 'a' }),
      counter(2, { status: 'failed', rb: 'a' }),
      counter(5, { status: 'ok', rb: 'b' }),
      bucket('1', 2),
      bucket('10', 4),
      bucket('+Inf', 4),
    ],
  },
];

test('increase and rate count from the sample a range earlier, and from 0 for a series born inside it', () => {
  const points = evaluate(parsePromql('increase(runs_total{rb="a"}[30s])'), SCRAPES, 1);
  assert.deepEqual(
    points.map((p) => [p.labels.status, p.value]),
    [
      ['ok', 3],
      ['failed', 2],
    ],
  );
  const rate = evaluate(parsePromql('rate(runs_total{rb="a",status="ok"}[30s])'), SCRAPES, 1);
  assert.equal(rate[0]?.value, 0.1);
});

test('sum by groups, =~ and != filter, and / divides series with equal labels', () => {
  const bySum = evaluate(parsePromql('sum by (status) (runs_total{rb=~"a|b"})'), SCRAPES, 1);
  assert.deepEqual(
    bySum.map((p) => [p.labels.status, p.value]),
    [
      ['ok', 9],
      ['failed', 2],
    ],
  );
  const ratio = evaluate(
    parsePromql('sum(runs_total{status!="failed"}) / sum(runs_total{rb=~".*"})'),
    SCRAPES,
    1,
  );
  assert.equal(ratio[0]?.value, 9 / 11);
});

test('histogram_quantile interpolates inside the bucket the rank falls in', () => {
  const [p50] = evaluate(
    parsePromql('histogram_quantile(0.5, sum by (le) (d_bucket))'),
    SCRAPES,
    1,
  );
  // rank 2 of 4 is the top of the first bucket (le=1)
  assert.equal(p50?.value, 1);
  const [p75] = evaluate(
    parsePromql('histogram_quantile(0.75, sum by (le) (d_bucket))'),
    SCRAPES,
    1,
  );
  assert.equal(p75?.value, 1 + (9 * (3 - 2)) / (4 - 2));
});

test('metricNames lists the series a query reads; an unsupported query is an error naming it', () => {
  assert.deepEqual(metricNames(parsePromql('sum(a_total) - sum(b_total)')), ['a_total', 'b_total']);
  assert.throws(() => parsePromql('avg_over_time(x[5m])'), /avg_over_time|expected/);
});
