import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WorkflowService } from '@temporalio/client';
import { describeDeployment } from './describe.js';
import { DeploymentNotFoundError, DeploymentRequestError } from './errors.js';

/** A gRPC error as the client raises it. */
const grpcError = (code: number, details: string) =>
  Object.assign(new Error(`${code} STATUS: ${details}`), { code, details });

/** A service whose describe answers from `answers` in turn, counting the calls. */
function serviceAnswering(answers: Array<Error | object>) {
  const calls = { count: 0 };
  const service = {
    async describeWorkerDeployment() {
      const answer = answers[Math.min(calls.count++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as WorkflowService;
  return { service, calls };
}

const found = {
  conflictToken: new Uint8Array([1]),
  workerDeploymentInfo: {
    routingConfig: { currentDeploymentVersion: { deploymentName: 'rr', buildId: 'blue' } },
    versionSummaries: [{ deploymentVersion: { deploymentName: 'rr', buildId: 'blue' }, status: 2 }],
  },
};
const notFound = grpcError(5, 'worker deployment not found');

test('a NOT_FOUND for a deployment that exists is asked again, and the describe succeeds', async () => {
  const { service, calls } = serviceAnswering([notFound, notFound, found]);
  const waits: number[] = [];
  const state = await describeDeployment(
    { service, namespace: 'default', deploymentName: 'rr' },
    { notFoundRetryDelaysMs: [1, 2, 3], sleep: async (ms) => void waits.push(ms) },
  );
  assert.equal(state.current, 'blue');
  assert.equal(calls.count, 3);
  assert.deepEqual(waits, [1, 2]);
});

test('a deployment still not found after every wait is RB9202, naming it', async () => {
  const { service, calls } = serviceAnswering([notFound]);
  const waits: number[] = [];
  await assert.rejects(
    describeDeployment(
      { service, namespace: 'prod', deploymentName: 'rr' },
      { notFoundRetryDelaysMs: [1, 2], sleep: async (ms) => void waits.push(ms) },
    ),
    (error: unknown) => {
      assert.ok(error instanceof DeploymentNotFoundError, String(error));
      assert.equal(error.code, 'RB9202');
      assert.match(error.message, /no worker deployment "rr" in namespace "prod"/);
      return true;
    },
  );
  assert.equal(calls.count, 3);
  assert.deepEqual(waits, [1, 2]);
});

test('any other refusal is not retried', async () => {
  const { service, calls } = serviceAnswering([grpcError(7, 'permission denied'), found]);
  await assert.rejects(
    describeDeployment(
      { service, namespace: 'default', deploymentName: 'rr' },
      { notFoundRetryDelaysMs: [1], sleep: async () => undefined },
    ),
    (error: unknown) => error instanceof DeploymentRequestError && error.grpcCode === 7,
  );
  assert.equal(calls.count, 1);
});
