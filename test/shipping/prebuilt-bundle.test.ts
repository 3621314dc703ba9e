// The interpreter bundled ahead of time (`npm run build:bundle`) is the interpreter: every
// recorded history in test/histories/ replays against it, loaded by path as a worker loads it.
// (A run on it end to end: test/shipping/worker-shutdown.test.ts and image.test.ts.)
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type ReplayResult, Worker } from '@temporalio/worker';
import { historyFromJSON } from '../../src/testing/history-json.js';
import { bundleEncodesFailures } from '../../src/worker/prebuilt-bundle.js';
import { prebuiltWorkflowBundle } from '../harness/workflow-bundle.js';

const historiesDir = fileURLToPath(new URL('../histories/', import.meta.url));

test('every recorded history replays against the prebuilt bundle loaded by its path', async () => {
  const histories = readdirSync(historiesDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      workflowId: basename(file, '.json'),
      history: historyFromJSON(JSON.parse(readFileSync(join(historiesDir, file), 'utf8'))),
    }));
  assert.ok(histories.length >= 5, 'the recorded histories are there');
  const codePath = await prebuiltWorkflowBundle();
  const results: ReplayResult[] = [];
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: { codePath } },
    histories,
  )) {
    results.push(result);
  }
  assert.deepEqual(
    results.map((r) => r.workflowId),
    histories.map((h) => h.workflowId),
  );
  const failures = results
    .filter((r) => r.error !== undefined)
    .map((r) => `${r.workflowId}: ${r.error?.name}: ${r.error?.message}`);
  assert.deepEqual(failures, []);
});

test('the two prebuilt variants differ in their failure converter, and a worker can tell which is which from the file', async () => {
  const [plain, encoded] = await Promise.all([
    prebuiltWorkflowBundle(),
    prebuiltWorkflowBundle({ encodedFailures: true }),
  ]);
  assert.equal(bundleEncodesFailures(plain), false);
  assert.equal(bundleEncodesFailures(encoded), true);
  // The encrypting bundle replays the recorded histories as well: the failure converter changes
  // what a new failure looks like in history, never which commands the interpreter issues.
  const file = readdirSync(historiesDir).find((name) => name.endsWith('.json'));
  assert.ok(file !== undefined);
  const history = historyFromJSON(JSON.parse(readFileSync(join(historiesDir, file), 'utf8')));
  await Worker.runReplayHistory({ workflowBundle: { codePath: encoded } }, history);
});
