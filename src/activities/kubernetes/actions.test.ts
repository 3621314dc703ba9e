import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACTIONS, findAction, KUBERNETES_UNDO_ACTIVITY } from '../../runbook/actions/index.js';
import { createKubernetesActivities } from './create-kubernetes-activities.js';

describe('the kubernetes actions of the registry', () => {
  const activities = createKubernetesActivities({ kubeconfigPath: '/nonexistent' }) as Record<
    string,
    unknown
  >;
  const kubernetes = ACTIONS.filter((action) => action.name.startsWith('kubernetes.'));

  it('names only activities that the factory provides, including the undo activity', () => {
    assert.equal(kubernetes.length, 10);
    for (const action of kubernetes) {
      assert.equal(action.runs, 'activity');
      assert.equal(typeof activities[action.activity ?? ''], 'function', action.name);
      if (action.undo !== undefined) {
        assert.equal(typeof activities[action.undo.activity], 'function', action.name);
      }
    }
    assert.equal(typeof activities[KUBERNETES_UNDO_ACTIVITY], 'function');
  });

  it('gives an automatic undo exactly to setImage, scale, apply and patch, all of them mutating', () => {
    const withUndo = kubernetes
      .filter((action) => action.undo !== undefined)
      .map((action) => action.name)
      .sort();
    assert.deepEqual(withUndo, [
      'kubernetes.apply',
      'kubernetes.patch',
      'kubernetes.scale',
      'kubernetes.setImage',
    ]);
    assert.ok(withUndo.every((name) => findAction(name)?.mutating));
  });

  it('dry-runs exactly the mutating actions', () => {
    for (const action of kubernetes) assert.equal(action.dryRun, action.mutating, action.name);
  });

  it('returns undefined for a name that is not an action, even an Object prototype key', () => {
    assert.equal(findAction('kubernetes.explode'), undefined);
    assert.equal(findAction('toString'), undefined);
    assert.equal(findAction('__proto__'), undefined);
  });
});
