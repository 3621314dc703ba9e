import { after, before } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv } from '../../src/testing/test-environments.js';

export interface TimeSkippingFixture {
  /** The environment; read it inside tests and hooks, after `before` has run. */
  readonly env: TestWorkflowEnvironment;
}

/**
 * Temporal's time-skipping test server for the calling file (or `describe` block): started in a
 * `before` hook, torn down in an `after` hook, so every test of the file shares one server.
 */
export function useTimeSkippingEnv(): TimeSkippingFixture {
  let env: TestWorkflowEnvironment | undefined;
  before(async () => {
    env = await createTimeSkippingEnv();
  });
  after(async () => {
    await env?.teardown();
  });
  return {
    get env() {
      if (env === undefined) {
        throw new Error('the time-skipping server is not started yet: read .env inside a test');
      }
      return env;
    },
  };
}
