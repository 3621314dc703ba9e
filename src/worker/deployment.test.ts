import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  gitCommitOf,
  WorkerDeploymentConfigError,
  workerDeploymentFromEnv,
  workerDeploymentOptions,
} from './deployment.js';

const noGit = () => undefined;
const sha = 'a'.repeat(40);

test('without RUNBOOK_DEPLOYMENT_NAME the worker stays unversioned, whatever else is set', () => {
  assert.equal(
    workerDeploymentFromEnv({ RUNBOOK_BUILD_ID: 'x' }, () => sha),
    undefined,
  );
  assert.equal(
    workerDeploymentFromEnv({ RUNBOOK_DEPLOYMENT_NAME: '' }, () => sha),
    undefined,
  );
});

test('the build id comes from RUNBOOK_BUILD_ID, else RUNBOOK_IMAGE_TAG, else the git commit', () => {
  const name = { RUNBOOK_DEPLOYMENT_NAME: 'runbook-runner' };
  assert.deepEqual(
    workerDeploymentFromEnv({ ...name, RUNBOOK_BUILD_ID: '1.4.0', RUNBOOK_IMAGE_TAG: 't' }, noGit),
    {
      version: { deploymentName: 'runbook-runner', buildId: '1.4.0' },
      buildIdSource: 'RUNBOOK_BUILD_ID',
    },
  );
  assert.deepEqual(workerDeploymentFromEnv({ ...name, RUNBOOK_IMAGE_TAG: '2026-11-28' }, noGit), {
    version: { deploymentName: 'runbook-runner', buildId: '2026-11-28' },
    buildIdSource: 'RUNBOOK_IMAGE_TAG',
  });
  assert.deepEqual(
    workerDeploymentFromEnv(name, () => sha),
    { version: { deploymentName: 'runbook-runner', buildId: sha }, buildIdSource: 'git' },
  );
});

test('a deployment name without any build id is refused with RB9200 naming the settings', () => {
  assert.throws(
    () => workerDeploymentFromEnv({ RUNBOOK_DEPLOYMENT_NAME: 'runbook-runner' }, noGit),
    (error: unknown) => {
      assert.ok(error instanceof WorkerDeploymentConfigError);
      assert.equal(error.code, 'RB9200');
      assert.equal(error.setting, 'RUNBOOK_BUILD_ID');
      assert.match(error.message, /set RUNBOOK_BUILD_ID \(or RUNBOOK_IMAGE_TAG\)/);
      assert.match(error.message, /unset RUNBOOK_DEPLOYMENT_NAME for an unversioned worker/);
      return true;
    },
  );
});

test('a deployment name with a dot, or a build id with a space, is refused naming the setting', () => {
  assert.throws(
    () => workerDeploymentFromEnv({ RUNBOOK_DEPLOYMENT_NAME: 'a.b', RUNBOOK_BUILD_ID: '1' }),
    /RUNBOOK_DEPLOYMENT_NAME="a.b": must be 1–255 characters without spaces or dots/,
  );
  assert.throws(
    () => workerDeploymentFromEnv({ RUNBOOK_DEPLOYMENT_NAME: 'rr', RUNBOOK_BUILD_ID: 'a b' }),
    /RUNBOOK_BUILD_ID="a b": must be 1–255 characters without spaces/,
  );
});

test('the worker options turn versioning on with AUTO_UPGRADE as the default behaviour', () => {
  assert.deepEqual(
    workerDeploymentOptions({
      version: { deploymentName: 'rr', buildId: 'b1' },
      buildIdSource: 'RUNBOOK_BUILD_ID',
    }),
    {
      version: { deploymentName: 'rr', buildId: 'b1' },
      useWorkerVersioning: true,
      defaultVersioningBehavior: 'AUTO_UPGRADE',
    },
  );
});

test('gitCommitOf reads the commit of this checkout and gives undefined outside git', () => {
  assert.match(gitCommitOf() ?? '', /^[0-9a-f]{40}$/);
  assert.equal(gitCommitOf('/'), undefined);
});
