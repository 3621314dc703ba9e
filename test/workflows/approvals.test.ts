// Approval steps: N-of-M votes through the `approve` Update and the `approval` signal, refusals
// that never reach history, rejection, and timeouts that take days of workflow time.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import {
  approvalSignal,
  approveUpdate,
  progressQuery,
  rejectUpdate,
} from '../../src/workflows/definitions.js';
import { runbookWorkflow } from '../../src/workflows/runbook-workflow.js';
import type { RunTrigger } from '../../src/workflows/types.js';
import { eventually } from '../harness/eventually.js';
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

const alice: RunTrigger = { kind: 'slack', actor: 'slack:alice' };

/** A runbook that waits for `gate` (its `with:` given) and then writes `after-gate`. */
function gated(withYaml: string) {
  return definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: gated }
spec:
  steps:
    - id: prepare
      run: [sh, -c, 'echo prepared >> journal']
      rollback: { run: [sh, -c, 'echo undo-prepare >> journal'] }
    - id: gate
      uses: approval
      with: ${withYaml}
    - id: ship
      run: [touch, after-gate]
`);
}

async function waitingFor(handle: WorkflowHandle<typeof runbookWorkflow>) {
  return eventually(
    async () => {
      const progress = await handle.query(progressQuery);
      return progress.status === 'WaitingApproval' && progress;
    },
    { what: 'the run to wait for approval' },
  );
}

test('two of three approvers approving through the approve Update let the run go on, and progress shows who', async () => {
  const definition = gated(
    '{ message: ship it?, approvers: { slack: { users: [bob, carol, dave] } }, required: 2 }',
  );
  const h = await startTestWorker(temporal.env);
  await h.worker.runUntil(async () => {
    const handle = await temporal.env.client.workflow.start(runbookWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: runId('two-of-three'),
      args: [runInput(definition, h.dir, {}, alice)],
    });
    const waiting = await waitingFor(handle);
    const gate = waiting.steps.find((s) => s.id === 'gate');
    assert.equal(gate?.status, 'WaitingApproval');
    assert.equal(gate?.required, 2);
    assert.deepEqual(gate?.approvals, []);

    const afterBob = await handle.executeUpdate(approveUpdate, {
      args: [{ approver: 'slack:bob' }],
    });
    assert.equal(afterBob.status, 'WaitingApproval');
    assert.deepEqual(
      afterBob.steps.find((s) => s.id === 'gate')?.approvals?.map((v) => v.by),
      ['slack:bob'],
    );
    assert.ok(!existsSync(join(h.dir, 'after-gate')), 'one approval of two let the run go on');

    await handle.executeUpdate(approveUpdate, { args: [{ approver: 'slack:carol' }] });
    const result = await handle.result();
    assert.equal(result.status, 'Succeeded');
    assert.ok(existsSync(join(h.dir, 'after-gate')));
    assert.deepEqual(result.outputs.gate?.approvedBy, ['slack:bob', 'slack:carol']);
    const done = await handle.query(progressQuery);
    const decided = done.steps.find((s) => s.id === 'gate');
    assert.equal(decided?.status, 'Succeeded');
    assert.deepEqual(
      decided?.approvals?.map((v) => v.by),
      ['slack:bob', 'slack:carol'],
    );
  });
});

test('self-approval, an unknown approver and a second vote are refused before anything enters history', async () => {
  const definition = gated(
    '{ message: ship it?, approvers: { slack: { users: [alice, bob, carol] } }, required: 2, allowSelfApproval: false }',
  );
  const h = await startTestWorker(temporal.env);
  await h.worker.runUntil(async () => {
    const handle = await temporal.env.client.workflow.start(runbookWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: runId('refusals'),
      args: [runInput(definition, h.dir, {}, alice)],
    });
    await waitingFor(handle);

    const self = await rejectionOf(
      handle.executeUpdate(approveUpdate, {
        args: [{ approver: 'slack:alice', reason: 'self-vote-marker' }],
      }),
    );
    assert.ok(self instanceof WorkflowUpdateFailedError, String(self));
    assert.match(String(self.cause?.message), /forbids self-approval/);

    const stranger = await rejectionOf(
      handle.executeUpdate(approveUpdate, { args: [{ approver: 'slack:mallory' }] }),
    );
    assert.ok(stranger instanceof WorkflowUpdateFailedError, String(stranger));
    assert.match(String(stranger.cause?.message), /slack:mallory may not decide step "gate"/);

    await handle.executeUpdate(approveUpdate, { args: [{ approver: 'slack:bob' }] });
    const again = await rejectionOf(
      handle.executeUpdate(approveUpdate, {
        args: [{ approver: 'slack:bob', reason: 'second-vote-marker' }],
      }),
    );
    assert.ok(again instanceof WorkflowUpdateFailedError, String(again));
    assert.match(String(again.cause?.message), /slack:bob already approved step "gate"/);

    const waiting = await handle.query(progressQuery);
    assert.deepEqual(
      waiting.steps.find((s) => s.id === 'gate')?.approvals?.map((v) => v.by),
      ['slack:bob'],
    );

    const history = await handle.fetchHistory();
    const accepted = (history.events ?? []).filter(
      (e) => e.workflowExecutionUpdateAcceptedEventAttributes != null,
    );
    const completed = (history.events ?? []).filter(
      (e) => e.workflowExecutionUpdateCompletedEventAttributes != null,
    );
    assert.equal(accepted.length, 1, 'only bob’s first vote was accepted');
    assert.equal(completed.length, 1);
    const text = JSON.stringify(history);
    assert.ok(!text.includes('mallory'), 'the unknown approver is in history');
    assert.ok(!text.includes('self-vote-marker'), 'the refused self-approval is in history');
    assert.ok(!text.includes('second-vote-marker'), 'the refused second vote is in history');

    await handle.executeUpdate(approveUpdate, { args: [{ approver: 'slack:carol' }] });
    assert.equal((await handle.result()).status, 'Succeeded');
  });
});

test('a rejection fails the run, rolls back what was done and reports who rejected and why', async () => {
  const definition = gated('{ message: ship it?, approvers: { slack: { users: [bob] } } }');
  const h = await startTestWorker(temporal.env);
  await h.worker.runUntil(async () => {
    const handle = await temporal.env.client.workflow.start(runbookWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: runId('rejected'),
      args: [runInput(definition, h.dir, {}, alice)],
    });
    await waitingFor(handle);
    await handle.executeUpdate(rejectUpdate, {
      args: [{ approver: 'slack:bob', reason: 'not during the freeze' }],
    });
    const result = resultOf(await rejectionOf(handle.result()));
    assert.equal(result.status, 'RolledBack');
    assert.equal(result.failure?.step, 'gate');
    assert.equal(result.failure?.status, 'Rejected');
    assert.match(result.reason ?? '', /rejected by slack:bob: not during the freeze/);
    assert.ok(!existsSync(join(h.dir, 'after-gate')));
    assert.equal(result.progress.steps.find((s) => s.id === 'gate')?.rejection?.by, 'slack:bob');
  });
});

test('an approval nobody answers times out after 3 days of workflow time with onTimeout: reject, failing the run TimedOut', async () => {
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: silent }
spec:
  steps:
    - id: gate
      uses: approval
      with: { message: anyone?, approvers: { slack: { users: [bob] } }, timeout: 3d, onTimeout: reject }
    - id: ship
      run: [touch, after-gate]
`);
  const h = await startTestWorker(temporal.env);
  const error = await rejectionOf(
    executeRun(temporal.env, h, runId('approval-timeout'), runInput(definition, h.dir, {}, alice)),
  );
  const result = resultOf(error);
  assert.equal(result.status, 'Failed');
  assert.equal(result.failure?.status, 'TimedOut');
  assert.equal(result.failure?.step, 'gate');
  assert.match(result.reason ?? '', /no decision within the approval timeout \(0 of 1 approvals\)/);
  assert.ok(!existsSync(join(h.dir, 'after-gate')));
});

test('an approval that times out with onTimeout: skip is Skipped and the run goes on', async () => {
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: optional-gate }
spec:
  steps:
    - id: gate
      uses: approval
      with: { message: anyone?, approvers: { slack: { users: [bob] } }, timeout: 3d, onTimeout: skip }
    - id: ship
      when: "\${{ steps.gate.status == 'skipped' }}"
      run: [touch, after-skipped-gate]
`);
  const h = await startTestWorker(temporal.env);
  const result = await executeRun(
    temporal.env,
    h,
    runId('approval-skip'),
    runInput(definition, h.dir, {}, alice),
  );
  assert.equal(result.status, 'Succeeded');
  assert.deepEqual(
    result.progress.steps.map((s) => [s.id, s.status]),
    [
      ['gate', 'Skipped'],
      ['ship', 'Succeeded'],
    ],
  );
  assert.equal(result.outputs.gate?.timedOut, true);
  assert.ok(existsSync(join(h.dir, 'after-skipped-gate')));
});

test('an approval that times out with onTimeout: approve counts as approved: the run goes on, nothing is undone, and outputs say timedOut', async () => {
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: default-yes-gate }
spec:
  steps:
    - id: prepare
      run: [sh, -c, 'echo prepared >> journal']
      rollback: { run: [sh, -c, 'echo undo-prepare >> journal'] }
    - id: gate
      uses: approval
      with: { message: anyone?, approvers: { slack: { users: [bob] } }, timeout: 3d, onTimeout: approve }
    - id: report
      run:
        - sh
        - -c
        - 'printf "%s %s %s" "$1" "$2" "$3" > gate-report'
        - sh
        - \${{ steps.gate.status }}
        - \${{ steps.gate.outputs.timedOut }}
        - \${{ size(steps.gate.outputs.approvedBy) }}
`);
  const h = await startTestWorker(temporal.env);
  const result = await executeRun(
    temporal.env,
    h,
    runId('approval-approve'),
    runInput(definition, h.dir, {}, alice),
  );
  assert.equal(result.status, 'Succeeded');
  assert.deepEqual(
    result.progress.steps.map((s) => [s.id, s.status]),
    [
      ['prepare', 'Succeeded'],
      ['gate', 'Succeeded'],
      ['report', 'Succeeded'],
    ],
  );
  assert.equal(result.outputs.gate?.timedOut, true);
  assert.deepEqual(result.outputs.gate?.approvedBy, []);
  // Later steps see the gate as passed, and can tell that nobody actually approved.
  assert.equal(readFileSync(join(h.dir, 'gate-report'), 'utf8'), 'succeeded true 0');
  assert.deepEqual(journal(h), ['prepared'], 'nothing was rolled back');
  // Approved by the timeout, not at once: 3 days of workflow time passed at the gate.
  const gate = result.progress.steps.find((s) => s.id === 'gate');
  const waitedMs = (gate?.finishedAt ?? 0) - (gate?.startedAt ?? 0);
  assert.ok(waitedMs >= 3 * 24 * 60 * 60 * 1000, `the gate waited ${waitedMs} ms of workflow time`);
});

test('votes through the approval signal count when valid and are ignored when refused', async () => {
  const definition = gated(
    '{ message: ship it?, approvers: { slack: { users: [alice, bob, carol] } }, required: 2 }',
  );
  const h = await startTestWorker(temporal.env);
  await h.worker.runUntil(async () => {
    const handle = await temporal.env.client.workflow.start(runbookWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: runId('signal-votes'),
      args: [runInput(definition, h.dir, {}, alice)],
    });
    await waitingFor(handle);
    // alice started the run and self-approval is off by default: not counted.
    await handle.signal(approvalSignal, { approver: 'slack:alice', decision: 'approve' });
    await handle.signal(approvalSignal, { approver: 'slack:bob', decision: 'approve' });
    const progress = await eventually(
      async () => {
        const p = await handle.query(progressQuery);
        return (p.steps.find((s) => s.id === 'gate')?.approvals?.length ?? 0) > 0 && p;
      },
      { what: 'bob’s vote to count' },
    );
    assert.deepEqual(
      progress.steps.find((s) => s.id === 'gate')?.approvals?.map((v) => v.by),
      ['slack:bob'],
    );
    assert.equal(progress.status, 'WaitingApproval');
    await handle.signal(approvalSignal, { approver: 'slack:carol', decision: 'approve' });
    const result = await handle.result();
    assert.equal(result.status, 'Succeeded');
    assert.deepEqual(result.outputs.gate?.approvedBy, ['slack:bob', 'slack:carol']);
  });
});
