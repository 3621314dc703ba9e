/**
 * The replay gate: every recorded history in test/histories/ must replay against the current
 * interpreter without a determinism error. A change to src/workflows that breaks this would break
 * runs that are in flight when workers are upgraded; docs/versioning.md says how to make it safe.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type ReplayResult, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { historyFromJSON } from '../../src/testing/history-json.js';
import { runbookWorkflowBundle } from '../../src/worker/create-worker.js';

const historiesDir = fileURLToPath(new URL('../histories/', import.meta.url));
const changedWorkflowPath = fileURLToPath(
  new URL('../fixtures/replay/changed-workflow.ts', import.meta.url),
);

/** Each recorded history with the workflow id it was recorded under (its file name). */
function recordedHistories(): Array<{
  workflowId: string;
  history: ReturnType<typeof historyFromJSON>;
}> {
  return readdirSync(historiesDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      workflowId: basename(file, '.json'),
      history: historyFromJSON(JSON.parse(readFileSync(join(historiesDir, file), 'utf8'))),
    }));
}

async function collect(results: AsyncIterable<ReplayResult>): Promise<ReplayResult[]> {
  const all: ReplayResult[] = [];
  for await (const result of results) all.push(result);
  return all;
}

test('every runbook in test/histories/runbooks/ has a recorded history', () => {
  const runbooks = readdirSync(join(historiesDir, 'runbooks'))
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => basename(file, '.yaml'))
    .sort();
  const recorded = recordedHistories().map((h) => h.workflowId);
  assert.ok(
    runbooks.length >= 5,
    `expected the representative runbooks, found ${runbooks.join(', ')}`,
  );
  assert.deepEqual(
    recorded,
    runbooks,
    'record the missing history with `node --import tsx scripts/record-histories.ts <name>`',
  );
});

test('every recorded history replays against the current interpreter without a determinism error', async () => {
  const histories = recordedHistories();
  const results = await collect(
    Worker.runReplayHistories({ workflowBundle: await runbookWorkflowBundle() }, histories),
  );
  assert.deepEqual(
    results.map((r) => r.workflowId),
    histories.map((h) => h.workflowId),
  );
  const failures = results
    .filter((r) => r.error !== undefined)
    .map((r) => `${r.workflowId}: ${r.error?.name}: ${r.error?.message}`);
  assert.deepEqual(failures, [], 'see docs/versioning.md: put the change behind patched()');
});

test('a history replayed against an interpreter changed without patched() fails with a DeterminismViolationError', async () => {
  const [first] = recordedHistories();
  assert.ok(first !== undefined, 'no recorded history in test/histories/');
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: changedWorkflowPath,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
  });
  const [result] = await collect(Worker.runReplayHistories({ workflowBundle }, [first]));
  assert.ok(
    result?.error instanceof DeterminismViolationError,
    `expected a DeterminismViolationError, got ${String(result?.error)}`,
  );
});
