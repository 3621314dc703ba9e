import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACTIONS, findAction } from '../../runbook/actions/index.js';
import { KUBERNETES_ACTIONS, KUBERNETES_UNDO_ACTIVITY, kubernetesAction } from './actions.js';
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

  it('derives the legacy table the workflow still reads from the registry, entry for entry', () => {
    assert.deepEqual(
      Object.keys(KUBERNETES_ACTIONS).sort(),
      kubernetes.map((action) => action.name).sort(),
    );
    for (const action of kubernetes) {
      assert.deepEqual(kubernetesAction(action.name), {
        activity: action.activity,
        mutating: action.mutating,
        hasAutomaticUndo: action.undo !== undefined,
        supportsDryRun: action.dryRun,
      });
    }
  });

  it('returns undefined for a name that is not a kubernetes action, even an Object prototype key', () => {
    assert.equal(kubernetesAction('kubernetes.explode'), undefined);
    assert.equal(kubernetesAction('toString'), undefined);
    assert.equal(KUBERNETES_ACTIONS.toString, undefined);
  });
});
