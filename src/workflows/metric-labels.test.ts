import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundLabel, MAX_LABEL_LENGTH } from './metric-labels.js';

test('a plain runbook name or key is kept as it is', () => {
  assert.equal(boundLabel('deploy-api'), 'deploy-api');
  assert.equal(boundLabel('payments/prod:eu-1.a_b'), 'payments/prod:eu-1.a_b');
});

test('the run id inside a value becomes "run", so a key templated from run.id is one series', () => {
  const runId = 'deploy-api-20261128-7f3a';
  assert.equal(boundLabel(`lock-${runId}-prod`, runId), 'lock-run-prod');
  assert.equal(boundLabel(`lock-${runId}`, 'another-run'), `lock-${runId}`);
});

test('quotes, spaces, newlines and non-ASCII become "_" so nothing escapes the exposition format', () => {
  assert.equal(boundLabel('a "b"\nc d\\é'), 'a__b__c_d__');
});

test('an empty value reads "none"', () => {
  assert.equal(boundLabel(''), 'none');
});

test('a long value is capped with a hash of the whole value: same input same label, two inputs two labels', () => {
  const long = `customer-${'x'.repeat(200)}`;
  const other = `customer-${'x'.repeat(199)}y`;
  const bounded = boundLabel(long);
  assert.equal(bounded.length, MAX_LABEL_LENGTH);
  assert.match(bounded, /^customer-x+~[0-9a-f]{8}$/);
  assert.equal(boundLabel(long), bounded);
  assert.notEqual(boundLabel(other), bounded);
  assert.equal(boundLabel('y'.repeat(MAX_LABEL_LENGTH)), 'y'.repeat(MAX_LABEL_LENGTH));
});
