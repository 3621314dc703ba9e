// The Kubernetes activities parse the rendered `with:` with the registry's schema before touching
// a cluster: a `${{ }}` that rendered to the wrong type fails the step at once, never retried.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { createKubernetesActivities } from './create-kubernetes-activities.js';

const activities = createKubernetesActivities({
  loadKubeConfig: () => {
    throw new Error('the input should have been refused before any cluster was loaded');
  },
});

async function refusal(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => assert.fail('expected the activity to refuse its input'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof ApplicationFailure, String(error));
  return error;
}

describe('kubernetes activities refuse a rendered with: that does not fit the action', () => {
  it('names each bad field, non-retryably, as KubernetesInvalidInput', async () => {
    const failure = await refusal(
      activities.kubernetesScale({ name: 'web', replicas: 'three' as unknown as number }),
    );
    assert.equal(failure.type, 'KubernetesInvalidInput');
    assert.equal(failure.nonRetryable, true);
    assert.match(
      failure.message,
      /^kubernetes\.scale: invalid input: with\.replicas: must be a number, not the string "three"\./,
    );
  });

  it('refuses keys that are not the action’s, as the validator does', async () => {
    const failure = await refusal(
      activities.kubernetesSetImage({
        name: 'web',
        containers: { web: 'nginx:1.27' },
        workdir: '/tmp',
      } as never),
    );
    assert.match(failure.message, /with\.workdir: not a key this action takes/);
  });

  it('takes the checkout directory of apply beside its with:, not inside the schema', async () => {
    const failure = await refusal(
      activities.kubernetesApply({ checkoutDir: '/tmp/checkout', file: 'a.yaml', manifest: 'x' }),
    );
    assert.match(failure.message, /give exactly one of manifest \(inline YAML\) or file/);
    assert.doesNotMatch(failure.message, /checkoutDir/);
  });
});
