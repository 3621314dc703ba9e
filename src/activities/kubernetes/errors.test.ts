import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { ApplicationFailure } from '@temporalio/common';
import { Cluster } from './cluster.js';
import { toKubernetesFailure } from './errors.js';
import { KubeApiError } from './rest.js';

const kc = new KubeConfig();
kc.loadFromOptions({
  clusters: [{ name: 'c', server: 'https://127.0.0.1:6443' }],
  users: [{ name: 'u' }],
  contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
  currentContext: 'ctx',
});
const cluster = new Cluster(kc, undefined);
const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'prod' };
const info = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  resource: 'deployments',
  group: 'apps',
  namespaced: true,
};

const failureFor = (status: number, body: object) =>
  toKubernetesFailure(new KubeApiError(status, 'x', 'said so', body as never, 'PATCH', '/p'), {
    verb: 'patch',
    cluster,
    ref,
    info,
  });

describe('toKubernetesFailure', () => {
  it('leaves an optimistic-concurrency 409 Conflict to the retry policy', () => {
    const failure = failureFor(409, { reason: 'Conflict' });
    assert.ok(failure instanceof ApplicationFailure);
    assert.equal(failure.type, 'KubernetesConflict');
    assert.equal(failure.nonRetryable, false);
  });

  it('stops on a server-side-apply field-manager conflict, pointing at force', () => {
    const failure = failureFor(409, {
      reason: 'Conflict',
      details: { causes: [{ reason: 'FieldManagerConflict', field: '.data.mode' }] },
    });
    assert.ok(failure instanceof ApplicationFailure);
    assert.equal(failure.type, 'KubernetesFieldConflict');
    assert.equal(failure.nonRetryable, true);
    assert.match(failure.message, /set force: true/);
  });

  it('retries 5xx answers and stops on 422 Invalid', () => {
    const server = failureFor(503, {}) as ApplicationFailure;
    assert.deepEqual([server.type, server.nonRetryable], ['KubernetesServerError', false]);
    const invalid = failureFor(422, {}) as ApplicationFailure;
    assert.deepEqual([invalid.type, invalid.nonRetryable], ['KubernetesInvalid', true]);
  });

  it('names the identity from the kubeconfig when the Forbidden message names none', () => {
    const failure = failureFor(403, { reason: 'Forbidden' }) as ApplicationFailure;
    assert.equal(failure.type, 'KubernetesForbidden');
    assert.match(
      failure.message,
      /^forbidden: user "u" of the kubeconfig may not patch deployments\.apps "web" in namespace "prod"/,
    );
  });
});
