// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
// approval and sleep run inside the workflow, so the workflow itself checks their rendered with:.
import assert from 'node:assert/strict';
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

test('an approval whose required: renders to a string fails the step naming the field, and the run rolls back', async () => {
  const definition = definitionFrom(`apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: bad-gate }
spec:
  params:
    quorum: { type: string, default: two }
  steps:
    - id: prepare
      run: [sh, -c, 'echo prepared >> journal']
      rollback: { run: [sh, -c, 'echo undo-prepare >> journal'] }
    - id: gate
      uses: approval
      with: { message: ship?, required: "\${{ params.quorum }}" }
`);
  const h = await startTestWorker(temporal.env);
  const result = resultOf(
    await rejectionOf(executeRun(temporal.env, h, runId('bad-gate'), runInput(definition, h.dir))),
  );
  assert.equal(result.status, 'RolledBack');
  assert.equal(result.failure?.step, 'gate');
  assert.match(result.reason ?? '', /with\.required: .*the string "two"/);
  assert.deepEqual(journal(h), ['prepared', 'undo-prepare']);
});
