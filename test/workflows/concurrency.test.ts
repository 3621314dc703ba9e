import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { progressQuery } from '../../src/workflows/definitions.js';
import { runbookWorkflow } from '../../src/workflows/runbook-workflow.js';
import type { RunbookRunResult } from '../../src/workflows/types.js';
import { eventually } from '../harness/eventually.js';
import { definitionFrom, runInput } from '../harness/runs.js';
import { useTimeSkippingEnv } from '../harness/time-skipping.js';
import { startTestWorker } from '../harness/worker.js';

const temporal = useTimeSkippingEnv();

/** A runbook whose first step waits until a "release" file exists, holding the lock meanwhile. */
function gatedRunbook(onConflict: 'reject' | 'queue'): string {
  return `
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: gated-${onConflict} }
spec:
  params:
    name: { type: string }
  concurrency: { key: "deploy-api-${onConflict}", onConflict: ${onConflict} }
  steps:
    - id: hold
      shell: bash
      run: |
        echo "start $NAME" >> journal
        while [ ! -f "release-$NAME" ]; do sleep 0.2; done
        echo "end $NAME" >> journal
      env: { NAME: "\${{ params.name }}" }
`;
}

test('onConflict: reject refuses a second run with the same key, naming the run that holds it', async () => {
  const h = await startTestWorker(temporal.env);
  const definition = definitionFrom(gatedRunbook('reject'));
  await h.worker.runUntil(async () => {
    const first = await temporal.env.client.workflow.start(runbookWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: `reject-first-${Date.now()}`,
      args: [runInput(definition, h.dir, { name: 'first' })],
    });
    await eventually(() => existsSync(join(h.dir, 'journal')), {
      what: 'the first run to hold the lock',
    });
    const second = await temporal.env.client.workflow
      .execute(runbookWorkflow, {
        taskQueue: h.taskQueue,
        workflowId: `reject-second-${Date.now()}`,
        args: [runInput(definition, h.dir, { name: 'second' })],
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    assert.ok(second instanceof WorkflowFailedError);
    const result = (second.cause as { details?: unknown[] }).details?.[0] as RunbookRunResult;
    assert.equal(result.status, 'Failed');
    assert.match(
      result.reason ?? '',
      new RegExp(`another run \\(${first.workflowId}\\) holds concurrency key "deploy-api-reject"`),
    );
    writeFileSync(join(h.dir, 'release-first'), '');
    assert.equal((await first.result()).status, 'Succeeded');
  });
  assert.deepEqual(readFileSync(join(h.dir, 'journal'), 'utf8').trim().split('\n'), [
    'start first',
    'end first',
  ]);
});

test('onConflict: queue makes later runs wait visibly and run one at a time, in arrival order', async () => {
  const h = await startTestWorker(temporal.env);
  const definition = definitionFrom(gatedRunbook('queue'));
  await h.worker.runUntil(async () => {
    const names = ['a', 'b', 'c'];
    const handles: Array<
      Awaited<ReturnType<typeof temporal.env.client.workflow.start<typeof runbookWorkflow>>>
    > = [];
    for (const name of names) {
      handles.push(
        await temporal.env.client.workflow.start(runbookWorkflow, {
          taskQueue: h.taskQueue,
          workflowId: `queue-${name}-${Date.now()}`,
          args: [runInput(definition, h.dir, { name })],
        }),
      );
      await eventually(
        async () => {
          const progress = await handles.at(-1)?.query(progressQuery);
          return progress?.status === 'Queued' || progress?.steps.length === 1;
        },
        { what: `run ${name} to be admitted or queued` },
      );
    }
    const third = await handles[2]?.query(progressQuery);
    assert.equal(third?.status, 'Queued');
    assert.equal(third?.queue?.holder, handles[0]?.workflowId);
    assert.equal(third?.queue?.position, 2);
    for (const name of names) writeFileSync(join(h.dir, `release-${name}`), '');
    for (const handle of handles) assert.equal((await handle.result()).status, 'Succeeded');
  });
  assert.deepEqual(readFileSync(join(h.dir, 'journal'), 'utf8').trim().split('\n'), [
    'start a',
    'end a',
    'start b',
    'end b',
    'start c',
    'end c',
  ]);
});
