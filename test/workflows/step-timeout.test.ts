// A step's own `timeout:` expiring on a `run:` step: the step fails with a reason that names the
// timeout, its process is gone, and what finished before it is compensated.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  definitionFrom,
  executeRun,
  journal,
  rejectionOf,
  resultOf,
  runId,
  runInput,
} from '../harness/runs.js';
import { useTimeSkippingEnv } from '../harness/time-skipping.js';
import { startTestWorker } from '../harness/worker.js';

const temporal = useTimeSkippingEnv();

test('a run: step that outlives its timeout: fails TimedOut naming the 2s limit, is not run again, and the finished steps are rolled back', async () => {
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: step-timeout }
spec:
  steps:
    - id: prepare
      run: [sh, -c, 'echo prepared >> journal']
      rollback: { run: [sh, -c, 'echo undo-prepare >> journal'] }
    - id: slow
      timeout: 2s
      run: [sh, -c, 'echo "slow attempt=$RUNBOOK_ATTEMPT" >> journal; sleep 30; echo slow-finished >> journal']
      rollback: { run: [sh, -c, 'echo undo-slow >> journal'] }
    - id: never
      run: [touch, never-ran]
`);
  const h = await startTestWorker(temporal.env);
  const result = resultOf(
    await rejectionOf(
      executeRun(temporal.env, h, runId('step-timeout'), runInput(definition, h.dir)),
    ),
  );
  // A command is not assumed idempotent: one that ran out of time is not started again.
  assert.deepEqual(journal(h), ['prepared', 'slow attempt=1', 'undo-slow', 'undo-prepare']);
  assert.equal(result.status, 'RolledBack');
  assert.equal(result.failure?.step, 'slow');
  assert.ok(
    result.failure?.status === 'TimedOut' || result.failure?.status === 'Failed',
    `failure status ${result.failure?.status}`,
  );
  assert.match(result.reason ?? '', /timed out|timeout/i);
  assert.match(result.reason ?? '', /\b2 ?s\b|2000 ?ms|2 seconds/, 'the reason names the limit');
  assert.deepEqual(
    result.progress.steps.map((s) => [s.id, s.status]),
    [
      ['prepare', 'RolledBack'],
      ['slow', 'RolledBack'],
    ],
  );
  assert.ok(!existsSync(join(h.dir, 'never-ran')));
});
