import { TestWorkflowEnvironment } from '@temporalio/testing';
import { runbookSearchAttributes } from '../workflows/search-attributes.js';
import { testServerPath } from './toolchain.js';

/**
 * Temporal's Java time-skipping test server, started through the SDK as an `existing-path`
 * executable (the SDK's own download cannot work offline). Timers skip ahead whenever the
 * workflow is blocked, so a 7-day sleep takes milliseconds.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServerPath() } },
  });
  // The test server starts without custom search attributes; the interpreter upserts ours.
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: Object.fromEntries(
      runbookSearchAttributes.map((key) => [key.name, INDEXED_VALUE_TYPE_KEYWORD]),
    ),
  });
  return env;
}

/** `temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD`. */
const INDEXED_VALUE_TYPE_KEYWORD = 2;
