import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { definitionFrom, executeRun, rejectionOf, resultOf, runInput } from '../harness/runs.js';
import { useTimeSkippingEnv } from '../harness/time-skipping.js';
import { startTestWorker } from '../harness/worker.js';

const temporal = useTimeSkippingEnv();

test('steps run in order and a step output flows into a later argv', async () => {
  const h = await startTestWorker(temporal.env);
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: outputs }
spec:
  steps:
    - id: produce
      run: [sh, -c, 'echo "version=1.2.3" >> "$RUNBOOK_OUTPUT"']
    - id: consume
      run: [sh, -c, 'printf "%s" "$1" > consumed.txt', sh, '\${{ steps.produce.outputs.version }}']
`);
  const result = await executeRun(
    temporal.env,
    h,
    `outputs-${Date.now()}`,
    runInput(definition, h.dir),
  );
  assert.equal(result.status, 'Succeeded');
  assert.equal(readFileSync(join(h.dir, 'consumed.txt'), 'utf8'), '1.2.3');
  assert.deepEqual(
    result.progress.steps.map((s) => [s.id, s.status]),
    [
      ['produce', 'Succeeded'],
      ['consume', 'Succeeded'],
    ],
  );
});

test('a failing step rolls back itself, then finished steps in reverse order, and the run ends RolledBack', async () => {
  const h = await startTestWorker(temporal.env);
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: saga }
spec:
  steps:
    - id: one
      run: [sh, -c, 'echo do-one >> journal']
      rollback: { run: [sh, -c, 'echo undo-one >> journal'] }
    - id: two
      run: [sh, -c, 'echo do-two >> journal']
      rollback: { run: [sh, -c, 'echo undo-two >> journal'] }
    - id: three
      run: [sh, -c, 'echo do-three >> journal; exit 3']
      rollback: { run: [sh, -c, 'echo undo-three >> journal'] }
`);
  const error = await rejectionOf(
    executeRun(temporal.env, h, `saga-${Date.now()}`, runInput(definition, h.dir)),
  );
  const result = resultOf(error);
  assert.equal(result.status, 'RolledBack');
  assert.equal(result.failure?.step, 'three');
  assert.deepEqual(readFileSync(join(h.dir, 'journal'), 'utf8').trim().split('\n'), [
    'do-one',
    'do-two',
    'do-three',
    'undo-three',
    'undo-two',
    'undo-one',
  ]);
});
