/**
 * The JSON Schema of runbook test files, published as docs/runbook-test.schema.json and printed by
 * `runbook schema --kind RunbookTest`. A file of its own (not a `oneOf` in the runbook schema) so
 * that editors pick it by file name (`*.test.yaml`) and report errors against one shape. Pure.
 */
import { z } from 'zod';
import { RunbookTestSchema } from './schema.js';

const SCHEMA_ID = 'https://runbook-runner.dev/schema/runbook-test-v1.json';

export function runbookTestJsonSchema(): Record<string, unknown> {
  const converted = z.toJSONSchema(RunbookTestSchema, {
    target: 'draft-2020-12',
    io: 'input',
  }) as Record<string, unknown>;
  return { ...converted, $id: SCHEMA_ID };
}
