import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineDiff, objectDiff } from './diff.js';

describe('objectDiff', () => {
  it('shows a changed field as a removed and an added line, removal first', () => {
    const before = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a' },
      data: { mode: 'green' },
    };
    const after = { ...before, data: { mode: 'blue' } };
    const diff = objectDiff('configmaps "a"', before, after).split('\n');
    assert.deepEqual(diff.slice(0, 2), [
      '--- configmaps "a" (live)',
      '+++ configmaps "a" (after this step)',
    ]);
    assert.ok(diff.indexOf('-   mode: green') < diff.indexOf('+   mode: blue'));
    assert.ok(diff.includes('-   mode: green'));
  });

  it('ignores status and server-set metadata, so an unchanged object has an empty diff', () => {
    const live = {
      kind: 'ConfigMap',
      metadata: { name: 'a', resourceVersion: '1', managedFields: [{ manager: 'x' }] },
      status: { phase: 'old' },
    };
    const dryRun = {
      kind: 'ConfigMap',
      metadata: { name: 'a', resourceVersion: '2' },
      status: { phase: 'new' },
    };
    assert.equal(objectDiff('a', live, dryRun), '');
  });

  it('shows a created object as all added lines', () => {
    const diff = objectDiff('a', null, { kind: 'ConfigMap', metadata: { name: 'a' } });
    assert.match(diff, /^\+ kind: ConfigMap$/m);
    assert.doesNotMatch(diff, /^- /m);
  });
});

describe('lineDiff', () => {
  it('keeps three lines of context and marks skipped lines', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'];
    const after = [...before.slice(0, 8), 'nine', '10'];
    const lines = lineDiff('x', before, after).split('\n').slice(2);
    assert.deepEqual(lines, ['@@ … @@', '  6', '  7', '  8', '- 9', '+ nine', '  10']);
  });
});
