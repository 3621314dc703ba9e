import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeenDeliveries } from './seen-deliveries.js';

test('a delivery is accepted once, then reported as seen', () => {
  const seen = new SeenDeliveries();
  assert.equal(seen.add('a'), true);
  assert.equal(seen.add('a'), false);
  assert.equal(seen.add('b'), true);
});

test('the oldest delivery is forgotten past the limit; a repeated one is kept fresh', () => {
  const seen = new SeenDeliveries(2);
  seen.add('a');
  seen.add('b');
  assert.equal(seen.add('a'), false); // refreshes a: b is now the oldest
  seen.add('c');
  assert.equal(seen.size, 2);
  assert.equal(seen.add('a'), false);
  assert.equal(seen.add('b'), true);
});
