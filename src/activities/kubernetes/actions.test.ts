import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KUBERNETES_ACTIONS as REGISTERED_ACTIONS } from '../../runbook/actions.js';
import { KUBERNETES_ACTIONS, KUBERNETES_UNDO_ACTIVITY, kubernetesAction } from './actions.js';
import { createKubernetesActivities } from './create-kubernetes-activities.js';

describe('the kubernetes action table', () => {
  const activities = createKubernetesActivities({ kubeconfigPath: '/nonexistent' }) as Record<
    string,
    unknown
  >;

  it('covers exactly the kubernetes actions the runbook registry accepts', () => {
    assert.deepEqual(Object.keys(KUBERNETES_ACTIONS).sort(), [...REGISTERED_ACTIONS].sort());
  });

  it('names only activities that the factory provides, including the undo activity', () => {
    for (const [action, info] of Object.entries(KUBERNETES_ACTIONS)) {
      assert.equal(typeof activities[info.activity], 'function', `${action} → ${info.activity}`);
    }
    assert.equal(typeof activities[KUBERNETES_UNDO_ACTIVITY], 'function');
  });

  it('gives an automatic undo exactly to setImage, scale, apply and patch, all of them mutating', () => {
    const withUndo = Object.entries(KUBERNETES_ACTIONS)
      .filter(([, info]) => info.hasAutomaticUndo)
      .map(([name]) => name)
      .sort();
    assert.deepEqual(withUndo, [
      'kubernetes.apply',
      'kubernetes.patch',
      'kubernetes.scale',
      'kubernetes.setImage',
    ]);
    assert.ok(withUndo.every((name) => kubernetesAction(name)?.mutating));
  });

  it('returns undefined for a name that is not a kubernetes action, even an Object prototype key', () => {
    assert.equal(kubernetesAction('kubernetes.explode'), undefined);
    assert.equal(kubernetesAction('toString'), undefined);
  });
});
