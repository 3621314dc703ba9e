// Approval steps: votes counted per person through people.yaml (quorum of different persons,
// self-approval by person, an unmapped identity as a person of its own), refusals that never
// reach history, rejection, and timeouts that take days of workflow time.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  ApplicationFailure,
  type WorkflowHandle,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { parseRunbook } from '../../src/runbook/parse.js';
import { type PeopleDirectory, parsePeople } from '../../src/runbook/people/index.js';
import {
  approvalSignal,
  approveUpdate,
  progressQuery,
  rejectUpdate,
} from '../../src/workflows/definitions.js';
import { runbookWorkflow } from '../../src/workflows/runbook-workflow.js';
import type { ApprovalDecision, RunbookRunInput, RunTrigger } from '../../src/workflows/types.js';
import { eventually } from '../harness/eventually.js';
import {
  definitionFrom,
  executeRun,
  historyText,
  journal,
  rejectionOf,
  resultOf,
  runId,
  runInput,
} from '../harness/runs.js';
import { useTimeSkippingEnv } from '../harness/time-skipping.js';
import { startTestWorker, type TestWorker } from '../harness/worker.js';

const temporal = useTimeSkippingEnv();

/** The people.yaml of issue 9, plus carol and dave for the lists that need more people. */
function directory(): PeopleDirectory {
  const parsed = parsePeople(
    `apiVersion: runbook-runner/v1
kind: People
people:
  alice: { cli: [alice, alice-laptop], slack: [U0ALICE], github: [alice-gh] }
  bob:   { cli: [bob] }
  carol: { cli: [carol], slack: [U0CAROL] }
  dave:  { cli: [dave] }
groups:
  sre: [alice, bob]
`,
    'people.yaml',
  );
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.directory;
}

const people = directory();
const byCarol: RunTrigger = { kind: 'cli', actor: 'cli:carol' };

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

function input(h: TestWorker, withYaml: string, trigger: RunTrigger): RunbookRunInput {
  return { ...runInput(gated(withYaml), h.dir, {}, trigger), people };
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

/** Sends an approve Update that must be refused, and returns the refusal's message. */
async function refusedVote(
  handle: WorkflowHandle<typeof runbookWorkflow>,
  decision: ApprovalDecision,
): Promise<string> {
  const error = await rejectionOf(handle.executeUpdate(approveUpdate, { args: [decision] }));
  assert.ok(error instanceof WorkflowUpdateFailedError, String(error));
  assert.ok(error.cause instanceof ApplicationFailure, String(error.cause));
  assert.equal(error.cause.type, 'ApprovalRefused');
  return error.cause.message;
}

/** How many approve/reject Updates history accepted, and the history with payloads decoded. */
async function recorded(handle: WorkflowHandle<typeof runbookWorkflow>) {
  const history = await handle.fetchHistory();
  const accepted = (history.events ?? []).filter(
    (e) => e.workflowExecutionUpdateAcceptedEventAttributes != null,
  ).length;
  return { accepted, text: historyText(history) };
}

test('two identities of one person count once: cli:alice and cli:alice-laptop make one vote of the sre quorum', async () => {
  const h = await startTestWorker(temporal.env);
  await h.worker.runUntil(async () => {
    const handle = await temporal.env.client.workflow.start(runbookWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: runId('same-person'),
      args: [input(h, '{ message: ship it?, approvers: { groups: [sre] }, required: 2 }', byCarol)],
    });
    await waitingFor(handle);
    const first = await handle.executeUpdate(approveUpdate, {
      args: [{ approver: 'cli:alice', reason: 'accepted-vote-marker' }],
    });
    assert.deepEqual(
      first.steps.find((s) => s.id === 'gate')?.approvals?.map((v) => [v.by, v.identity]),
      [['alice', 'cli:alice']],
    );
    const again = await refusedVote(handle, {
      approver: 'cli:alice-laptop',
      reason: 'second-identity-marker',
    });
    assert.equal(
      again,
      'alice already approved step "gate" as cli:alice; it needs 2 different approvers',
    );
    assert.ok(!existsSync(join(h.dir, 'after-gate')), 'one person passed a quorum of two');

    const { accepted, text } = await recorded(handle);
    assert.equal(accepted, 1, 'only the first vote of alice was accepted');
    assert.ok(text.includes('accepted-vote-marker'), 'the decoded history lacks the accepted vote');
    assert.ok(!text.includes('second-identity-marker'), 'the refused vote reached history');

    await handle.executeUpdate(approveUpdate, { args: [{ approver: 'cli:bob' }] });
    const result = await handle.result();
    assert.equal(result.status, 'Succeeded');
    assert.deepEqual(result.outputs.gate?.approvedBy, ['alice', 'bob']);
    assert.ok(existsSync(join(h.dir, 'after-gate')));
  });
});

test('a run started as cli:alice-laptop refuses the votes of alice under her other identities as self-approval', async () => {
  const h = await startTestWorker(temporal.env);
  await h.worker.runUntil(async () => {
    const handle = await temporal.env.client.workflow.start(runbookWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: runId('self-by-person'),
      args: [
        input(h, '{ message: ship it?, approvers: { groups: [sre] }, required: 2 }', {
          kind: 'cli',
          actor: 'cli:alice-laptop',
        }),
      ],
    });
    await waitingFor(handle);
    assert.equal(
      await refusedVote(handle, { approver: 'cli:alice', reason: 'self-vote-marker' }),
      'cli:alice (alice) started this run (as cli:alice-laptop) and step "gate" forbids self-approval (allowSelfApproval: false); ask another approver',
    );
    assert.match(
      await refusedVote(handle, { approver: 'slack:U0ALICE', reason: 'slack-self-marker' }),
      /^slack:U0ALICE \(alice\) started this run/,
    );
    assert.equal(
      await refusedVote(handle, { approver: 'cli:carol', reason: 'stranger-marker' }),
      'cli:carol (carol) may not decide step "gate"; allowed: group sre',
    );
    assert.equal(
      await refusedVote(handle, { approver: 'cli:mallory' }),
      'cli:mallory may not decide step "gate"; allowed: group sre',
    );
    const { accepted, text } = await recorded(handle);
    assert.equal(accepted, 0);
    for (const marker of ['self-vote-marker', 'slack-self-marker', 'stranger-marker', 'mallory']) {
      assert.ok(!text.includes(marker), `the refused vote (${marker}) reached history`);
    }
    await handle.terminate('test over');
  });
});

test('quorum needs two different persons, named directly or through a group', async () => {
  const h = await startTestWorker(temporal.env);
  await h.worker.runUntil(async () => {
    const handle = await temporal.env.client.workflow.start(runbookWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: runId('quorum'),
      args: [
        input(
          h,
          '{ message: ship it?, approvers: { people: [carol, dave], groups: [sre] }, required: 2 }',
          { kind: 'cli', actor: 'cli:dave' },
        ),
      ],
    });
    const waiting = await waitingFor(handle);
    const gate = waiting.steps.find((s) => s.id === 'gate');
    assert.equal(gate?.required, 2);
    assert.deepEqual(gate?.approvals, []);
    const afterCarol = await handle.executeUpdate(approveUpdate, {
      args: [{ approver: 'slack:U0CAROL' }],
    });
    assert.equal(afterCarol.status, 'WaitingApproval');
    await handle.executeUpdate(approveUpdate, { args: [{ approver: 'cli:bob' }] });
    const result = await handle.result();
    assert.equal(result.status, 'Succeeded');
    assert.deepEqual(result.outputs.gate?.approvedBy, ['carol', 'bob']);
    assert.deepEqual(
      result.progress.steps.find((s) => s.id === 'gate')?.approvals?.map((v) => v.identity),
      ['slack:U0CAROL', 'cli:bob'],
    );
  });
});

test('an approval without approvers lets anyone but the starter approve, an unknown identity as a person of its own', async () => {
  const h = await startTestWorker(temporal.env);
  await h.worker.runUntil(async () => {
    const handle = await temporal.env.client.workflow.start(runbookWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: runId('anyone-but-starter'),
      args: [input(h, '{ message: ship it? }', { kind: 'cli', actor: 'cli:alice' })],
    });
    await waitingFor(handle);
    assert.match(
      await refusedVote(handle, { approver: 'cli:alice-laptop' }),
      /^cli:alice-laptop \(alice\) started this run \(as cli:alice\)/,
    );
    await handle.executeUpdate(approveUpdate, { args: [{ approver: 'cli:mallory' }] });
    const result = await handle.result();
    assert.equal(result.status, 'Succeeded');
    assert.deepEqual(result.outputs.gate?.approvedBy, ['cli:mallory']);
  });
});

test('allowSelfApproval: true lets the starter approve an approval without approvers', async () => {
  const h = await startTestWorker(temporal.env);
  const handle = await temporal.env.client.workflow.start(runbookWorkflow, {
    taskQueue: h.taskQueue,
    workflowId: runId('self-allowed'),
    args: [
      input(h, '{ message: ship it?, allowSelfApproval: true }', { kind: 'cli', actor: 'cli:bob' }),
    ],
  });
  await h.worker.runUntil(async () => {
    await waitingFor(handle);
    await handle.executeUpdate(approveUpdate, { args: [{ approver: 'cli:bob' }] });
    assert.equal((await handle.result()).status, 'Succeeded');
  });
});

test('a channel-only approver list (slack:) is a validation error, not an open gate', () => {
  const parsed = parseRunbook(
    `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: channel-only }
spec:
  steps:
    - id: gate
      uses: approval
      with: { message: go?, approvers: { slack: { channels: [C0OPS] } } }
`,
    'channel-only.yaml',
  );
  assert.equal(parsed.ok, false);
  assert.deepEqual(
    parsed.diagnostics.map((d) => [d.code, d.line, d.column, d.message]),
    [
      [
        'RB6005',
        8,
        42,
        '"slack" is no longer accepted in spec.steps[0].with.approvers: approvers names people and groups from people.yaml',
      ],
    ],
  );
});

test('a rejection fails the run, rolls back what was done and reports who rejected and why', async () => {
  const h = await startTestWorker(temporal.env);
  await h.worker.runUntil(async () => {
    const handle = await temporal.env.client.workflow.start(runbookWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: runId('rejected'),
      args: [input(h, '{ message: ship it?, approvers: { people: [bob] } }', byCarol)],
    });
    await waitingFor(handle);
    await handle.executeUpdate(rejectUpdate, {
      args: [{ approver: 'cli:bob', reason: 'not during the freeze' }],
    });
    const result = resultOf(await rejectionOf(handle.result()));
    assert.equal(result.status, 'RolledBack');
    assert.equal(result.failure?.step, 'gate');
    assert.equal(result.failure?.status, 'Rejected');
    assert.match(result.reason ?? '', /rejected by bob: not during the freeze/);
    assert.ok(!existsSync(join(h.dir, 'after-gate')));
    assert.equal(result.progress.steps.find((s) => s.id === 'gate')?.rejection?.by, 'bob');
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
      with: { message: anyone?, approvers: { people: [bob] }, timeout: 3d, onTimeout: reject }
    - id: ship
      run: [touch, after-gate]
`);
  const h = await startTestWorker(temporal.env);
  const error = await rejectionOf(
    executeRun(temporal.env, h, runId('approval-timeout'), {
      ...runInput(definition, h.dir, {}, byCarol),
      people,
    }),
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
      with: { message: anyone?, approvers: { people: [bob] }, timeout: 3d, onTimeout: skip }
    - id: ship
      when: "\${{ steps.gate.status == 'skipped' }}"
      run: [touch, after-skipped-gate]
`);
  const h = await startTestWorker(temporal.env);
  const result = await executeRun(temporal.env, h, runId('approval-skip'), {
    ...runInput(definition, h.dir, {}, byCarol),
    people,
  });
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

test('votes through the approval signal count per person when valid and are ignored when refused', async () => {
  const h = await startTestWorker(temporal.env);
  await h.worker.runUntil(async () => {
    const handle = await temporal.env.client.workflow.start(runbookWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: runId('signal-votes'),
      args: [
        input(h, '{ message: ship it?, approvers: { people: [alice, bob, carol] }, required: 2 }', {
          kind: 'slack',
          actor: 'slack:U0ALICE',
        }),
      ],
    });
    await waitingFor(handle);
    // alice started the run and self-approval is off by default: not counted, under any identity.
    await handle.signal(approvalSignal, { approver: 'cli:alice', decision: 'approve' });
    await handle.signal(approvalSignal, { approver: 'cli:bob', decision: 'approve' });
    const progress = await eventually(
      async () => {
        const p = await handle.query(progressQuery);
        return (p.steps.find((s) => s.id === 'gate')?.approvals?.length ?? 0) > 0 && p;
      },
      { what: 'bob’s vote to count' },
    );
    assert.deepEqual(
      progress.steps.find((s) => s.id === 'gate')?.approvals?.map((v) => v.by),
      ['bob'],
    );
    assert.equal(progress.status, 'WaitingApproval');
    await handle.signal(approvalSignal, { approver: 'slack:U0CAROL', decision: 'approve' });
    const result = await handle.result();
    assert.equal(result.status, 'Succeeded');
    assert.deepEqual(result.outputs.gate?.approvedBy, ['bob', 'carol']);
  });
});

test('a run recorded before people.yaml (no directory, old slack users list) is still approved by that identity', async () => {
  const definition = gated('{ message: ship it? }');
  const [prepare, gate, ship] = definition.steps;
  assert.ok(prepare !== undefined && gate?.kind === 'uses' && ship !== undefined);
  const legacy = {
    ...definition,
    steps: [
      prepare,
      { ...gate, with: { message: 'ship it?', approvers: { slack: { users: ['UBOB'] } } } },
      ship,
    ],
  };
  const h = await startTestWorker(temporal.env);
  await h.worker.runUntil(async () => {
    const handle = await temporal.env.client.workflow.start(runbookWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: runId('legacy-approvers'),
      args: [runInput(legacy, h.dir, {}, { kind: 'cli', actor: 'cli:recorder' })],
    });
    await waitingFor(handle);
    assert.match(
      await refusedVote(handle, { approver: 'cli:bob' }),
      /^cli:bob may not decide step "gate"; allowed: slack:UBOB$/,
    );
    await handle.executeUpdate(approveUpdate, { args: [{ approver: 'slack:UBOB' }] });
    const result = await handle.result();
    assert.deepEqual(result.outputs.gate?.approvedBy, ['slack:UBOB']);
  });
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
      with: { message: anyone?, approvers: { people: [bob] }, timeout: 3d, onTimeout: approve }
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
    runInput(definition, h.dir, {}, byCarol),
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
