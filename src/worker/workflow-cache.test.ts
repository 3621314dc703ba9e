import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkflowCacheSettingError, workflowCacheFromEnv } from './workflow-cache.js';

describe('RUNBOOK_MAX_CACHED_WORKFLOWS', () => {
  it('leaves the SDK default when unset or empty', () => {
    assert.deepEqual(workflowCacheFromEnv({}), {});
    assert.deepEqual(workflowCacheFromEnv({ RUNBOOK_MAX_CACHED_WORKFLOWS: ' ' }), {});
  });

  it('sets maxCachedWorkflows to the number given', () => {
    assert.deepEqual(workflowCacheFromEnv({ RUNBOOK_MAX_CACHED_WORKFLOWS: '200' }), {
      maxCachedWorkflows: 200,
    });
  });

  it('refuses a value that is not a whole number of at least 2, naming the setting (RB9286)', () => {
    for (const raw of ['1', '0', '-5', '1.5', '100MB', 'lots']) {
      assert.throws(
        () => workflowCacheFromEnv({ RUNBOOK_MAX_CACHED_WORKFLOWS: raw }),
        (error: unknown) =>
          error instanceof WorkflowCacheSettingError &&
          error.code === 'RB9286' &&
          error.message.includes(
            'RUNBOOK_MAX_CACHED_WORKFLOWS must be a whole number of at least 2',
          ) &&
          error.message.includes(JSON.stringify(raw)),
        raw,
      );
    }
  });
});
