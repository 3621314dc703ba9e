// The `outcome-in-memo` patch: new runs write how they ended into their memo, so `runbook history`
// says why a run failed; runs recorded before the patch replay without it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '../../src/testing/history-json.js';
import { runbookWorkflowBundle } from '../../src/worker/create-worker.js';
import { OUTCOME_IN_MEMO } from '../../src/workflows/outcome-memo.js';
import { runCli } from '../harness/cli.js';
import { useDevServer } from '../harness/dev-server.js';
import {
  definitionFrom,
  executeRun,
  rejectionOf,
  resultOf,
  runId,
  runInput,
} from '../harness/runs.js';
import { connectTo, startTestWorker, type TemporalAccess } from '../harness/worker.js';

const failing = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: memo-migrate }
spec:
  steps:
    - id: prepare
      run: [sh, -c, 'echo prepared']
      rollback: { run: [sh, -c, 'echo unprepared'] }
    - id: migrate
      run: [sh, -c, 'exit 4']
`);

type HistoryEvents = NonNullable<ReturnType<typeof historyFromJSON>['events']>;

/** The patch ids a history's markers record. */
function patchMarkers(events: HistoryEvents): string[] {
  const decoder = new TextDecoder();
  return events
    .filter((e) => e.markerRecordedEventAttributes != null)
    .map((e) => {
      // Core records a patch as marker `core_patch` with `patch-data` = {"id": …, "deprecated": …}.
      const data = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
      return data == null ? '' : (JSON.parse(decoder.decode(data)) as { id: string }).id;
    });
}

describe('runs started since the outcome-in-memo patch', () => {
  const server = useDevServer({ prefix: 'rr-memo-' });
  let temporal: TemporalAccess & { close(): Promise<void> };

  before(async () => {
    temporal = await connectTo(server.address);
  });

  after(async () => {
    await temporal.close();
  });

  test('a new run that fails records its status, failed step and reason in the memo, behind the patch marker', async () => {
    const id = runId('memo-failed');
    const worker = await startTestWorker(temporal);
    const result = resultOf(
      await rejectionOf(executeRun(temporal, worker, id, runInput(failing, worker.dir))),
    );
    assert.equal(result.status, 'RolledBack');
    const handle = temporal.client.workflow.getHandle(id);
    const description = await handle.describe();
    const outcome = description.memo?.outcome as Record<string, unknown> | undefined;
    assert.equal(outcome?.status, 'RolledBack');
    assert.equal(outcome?.failedStep, 'migrate');
    assert.match(String(outcome?.reason), /exited with code 4.*step migrate/);
    const history = await handle.fetchHistory();
    assert.ok(patchMarkers(history.events ?? []).includes(OUTCOME_IN_MEMO));
  });

  test('`runbook history` shows why each finished run ended, from the memo', async () => {
    const id = runId('memo-history');
    const worker = await startTestWorker(temporal);
    await rejectionOf(executeRun(temporal, worker, id, runInput(failing, worker.dir)));
    const { code, output } = await runCli(['history', '--runbook', 'memo-migrate', '--json'], {
      ...process.env,
      TEMPORAL_ADDRESS: server.address,
    });
    assert.equal(code, 0, output);
    const rows = JSON.parse(output.slice(output.indexOf('['))) as Array<Record<string, string>>;
    const row = rows.find((r) => r.id === id);
    assert.ok(row !== undefined, `run ${id} missing from ${output}`);
    assert.equal(row.status, 'RolledBack');
    assert.match(row.reason ?? '', /step migrate/);
  });
});

test('a history recorded before the patch has no outcome marker and still replays: old runs keep the old path', async () => {
  const json = JSON.parse(
    readFileSync(
      fileURLToPath(new URL('../histories/failure-compensation.json', import.meta.url)),
      'utf8',
    ),
  );
  const history = historyFromJSON(json);
  assert.ok(!patchMarkers(history.events ?? []).includes(OUTCOME_IN_MEMO));
  assert.ok(
    !(history.events ?? []).some((e) => e.workflowPropertiesModifiedEventAttributes != null),
    'the pre-patch run modified no memo',
  );
  await Worker.runReplayHistory(
    { workflowBundle: await runbookWorkflowBundle() },
    history,
    'failure-compensation',
  );
});
