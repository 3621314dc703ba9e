import { TestWorkflowEnvironment } from '@temporalio/testing';
import { runbookSearchAttributes } from '../workflows/search-attributes.js';
import { temporalCliPath, testServerPath } from './toolchain.js';

/**
 * Temporal's Java time-skipping test server, started through the SDK as an `existing-path`
 * executable (the SDK's own download cannot work offline). Timers skip ahead whenever the
 * workflow is blocked, so a 7-day sleep takes milliseconds.
 */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServerPath() } },
  });
}

/** The real dev server (built `temporal` CLI) as an in-memory SDK test environment. */
export function createLocalEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      ip: '127.0.0.1',
      ui: false,
      searchAttributes: [...runbookSearchAttributes],
    },
  });
}
