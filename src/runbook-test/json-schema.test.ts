import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runbookTestJsonSchema } from './json-schema.js';

test('docs/runbook-test.schema.json is what `runbook schema --kind RunbookTest` prints (regenerate with: node bin/runbook.js schema --kind RunbookTest > docs/runbook-test.schema.json)', () => {
  const committed = JSON.parse(
    readFileSync(new URL('../../docs/runbook-test.schema.json', import.meta.url), 'utf8'),
  );
  assert.deepEqual(committed, runbookTestJsonSchema());
});

test('the published schema refuses unknown keys in a case and names the contract keys', () => {
  const schema = runbookTestJsonSchema() as {
    $defs: Record<string, { additionalProperties?: unknown; properties?: object }>;
  };
  const testCase = schema.$defs.TestCase;
  assert.equal(testCase?.additionalProperties, false);
  assert.deepEqual(Object.keys(testCase?.properties ?? {}), [
    'name',
    'params',
    'approvals',
    'steps',
    'expect',
  ]);
});
