import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_HTTP_TIMEOUT_MS as POLICY_HTTP_TIMEOUT_MS,
  DEFAULT_KUBERNETES_TIMEOUT_MS as POLICY_KUBERNETES_TIMEOUT_MS,
} from '../../workflows/policies.js';
import { keysAt } from '../schema-issues.js';
import {
  ACTIONS,
  DEFAULT_HTTP_TIMEOUT_MS,
  DEFAULT_KUBERNETES_TIMEOUT_MS,
  findAction,
  lookupAction,
  UNAVAILABLE_NAMESPACES,
} from './index.js';

describe('the action registry', () => {
  it('declares approval, sleep, http.request and the ten kubernetes actions, each once', () => {
    const names = ACTIONS.map((action) => action.name);
    assert.equal(new Set(names).size, names.length);
    assert.deepEqual(names.slice(0, 3), ['approval', 'sleep', 'http.request']);
    assert.equal(names.filter((name) => name.startsWith('kubernetes.')).length, 10);
  });

  it('has an activity exactly for the actions that run as one, and result and context only there', () => {
    for (const action of ACTIONS) {
      const isActivity = action.runs === 'activity';
      assert.equal(action.activity !== undefined, isActivity, action.name);
      assert.equal(action.result !== undefined, isActivity, action.name);
      assert.equal(action.timeoutMs > 0, isActivity, action.name);
      if (!isActivity) assert.equal(action.context, undefined, action.name);
    }
    assert.deepEqual(findAction('http.request')?.context, ['secretRefs']);
    assert.deepEqual(findAction('kubernetes.apply')?.context, ['workdir']);
  });

  it('gives a built-in undo and a dry run only to mutating actions', () => {
    for (const action of ACTIONS) {
      if (action.undo !== undefined || action.dryRun) assert.ok(action.mutating, action.name);
    }
  });

  it('types with: as a strict mapping of named keys for every action', () => {
    for (const action of ACTIONS) {
      assert.ok(keysAt(action.input, []).length > 0, action.name);
      const result = action.input.safeParse({ surelyNotAKey: 1 });
      assert.equal(result.success, false, action.name);
      assert.ok(
        result.error?.issues.some((issue) => issue.code === 'unrecognized_keys'),
        action.name,
      );
    }
  });

  it('keeps the reserved namespaces to the actions they implement: slack.post and slack.update', () => {
    for (const { namespace } of UNAVAILABLE_NAMESPACES) {
      const available = ACTIONS.filter((action) => action.name.startsWith(`${namespace}.`));
      assert.deepEqual(
        available.map((action) => action.name),
        namespace === 'slack' ? ['slack.post', 'slack.update'] : [],
        namespace,
      );
      assert.equal(lookupAction(`${namespace}.anything`).kind, 'unavailable');
    }
    assert.equal(lookupAction('slack.post').kind, 'available');
    assert.equal(findAction('slack.update')?.activity, 'slackUpdateMessage');
  });

  it('looks names up as own properties only', () => {
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      assert.equal(findAction(name), undefined, name);
      assert.equal(lookupAction(name).kind, 'unknown', name);
    }
    assert.equal(findAction('kubernetes.setImage')?.activity, 'kubernetesSetImage');
  });

  it('suggests the closest available name for an unknown one', () => {
    assert.deepEqual(lookupAction('http.reqest'), { kind: 'unknown', suggestion: 'http.request' });
    assert.deepEqual(lookupAction('deploy'), { kind: 'unknown' });
  });

  it('uses the default timeouts the workflow policies use today', () => {
    assert.equal(DEFAULT_HTTP_TIMEOUT_MS, POLICY_HTTP_TIMEOUT_MS);
    assert.equal(DEFAULT_KUBERNETES_TIMEOUT_MS, POLICY_KUBERNETES_TIMEOUT_MS);
    assert.equal(findAction('http.request')?.timeoutMs, DEFAULT_HTTP_TIMEOUT_MS);
    assert.equal(findAction('kubernetes.waitFor')?.timeoutMs, DEFAULT_KUBERNETES_TIMEOUT_MS);
  });
});
