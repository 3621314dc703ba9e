import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rolloutState } from './rollout-state.js';

const deployment = (spec: object, status: object, generation = 2) => ({
  kind: 'Deployment',
  metadata: { name: 'web', generation },
  spec: { replicas: 3, ...spec },
  status: { observedGeneration: 2, ...status },
});

describe('rolloutState (kubectl rollout status semantics)', () => {
  it('waits until the controller has observed the latest generation', () => {
    const state = rolloutState(deployment({}, { observedGeneration: 1 }));
    assert.equal(state.state, 'waiting');
    assert.equal(state.message, 'Waiting for deployment spec update to be observed...');
  });

  it('waits while fewer replicas than desired are updated', () => {
    const state = rolloutState(deployment({}, { replicas: 3, updatedReplicas: 1 }));
    assert.equal(
      state.message,
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
    );
  });

  it('waits while old replicas are still terminating', () => {
    const state = rolloutState(deployment({}, { replicas: 4, updatedReplicas: 3 }));
    assert.match(state.message, /1 old replicas are pending termination/);
  });

  it('waits while updated replicas are not yet available', () => {
    const state = rolloutState(
      deployment({}, { replicas: 3, updatedReplicas: 3, availableReplicas: 2 }),
    );
    assert.match(state.message, /2 of 3 updated replicas are available/);
  });

  it('is done when every replica is updated and available', () => {
    const state = rolloutState(
      deployment({}, { replicas: 3, updatedReplicas: 3, availableReplicas: 3 }),
    );
    assert.equal(state.state, 'done');
    assert.equal(state.message, 'deployment "web" successfully rolled out');
  });

  it('fails when the Progressing condition says ProgressDeadlineExceeded', () => {
    const state = rolloutState(
      deployment(
        {},
        {
          conditions: [
            { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' },
          ],
        },
      ),
    );
    assert.equal(state.state, 'failed');
    assert.equal(state.state === 'failed' ? state.reason : '', 'ProgressDeadlineExceeded');
  });

  it('refuses a StatefulSet with the OnDelete strategy, as kubectl does', () => {
    const state = rolloutState({
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: { updateStrategy: { type: 'OnDelete' } },
    });
    assert.equal(state.state, 'failed');
  });

  it('waits for a StatefulSet until the update revision is current', () => {
    const sts = {
      kind: 'StatefulSet',
      metadata: { name: 'db', generation: 1 },
      spec: { replicas: 2 },
      status: {
        observedGeneration: 1,
        readyReplicas: 2,
        updatedReplicas: 1,
        currentRevision: 'a',
        updateRevision: 'b',
      },
    };
    assert.equal(rolloutState(sts).state, 'waiting');
    assert.equal(
      rolloutState({ ...sts, status: { ...sts.status, currentRevision: 'b' } }).state,
      'done',
    );
  });

  it('waits for a DaemonSet until every scheduled pod is updated and available', () => {
    const ds = {
      kind: 'DaemonSet',
      metadata: { name: 'agent', generation: 1 },
      status: {
        observedGeneration: 1,
        desiredNumberScheduled: 2,
        updatedNumberScheduled: 2,
        numberAvailable: 1,
      },
    };
    assert.equal(rolloutState(ds).state, 'waiting');
    assert.equal(
      rolloutState({ ...ds, status: { ...ds.status, numberAvailable: 2 } }).state,
      'done',
    );
  });
});
