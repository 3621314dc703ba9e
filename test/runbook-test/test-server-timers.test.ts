// `runbook test` on the time-skipping server's weak spots: the interpreter's timers are never
// cancelled there (a cancel racing the timer's firing hung the run: "invalid history builder state
// for action"), yet waits still end as they do in production; and a run that stops moving fails
// its case as stuck, within the case's limit of real time, instead of hanging `runbook test`.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { temporal } from '@temporalio/proto';
import { CaseStuckError } from '../../src/runbook-test/case-deadline.js';
import { driveCase } from '../../src/runbook-test/drive-case.js';
import { type LoadedTest, loadTestFile } from '../../src/runbook-test/load-test-file.js';
import { runTestFiles } from '../../src/runbook-test/run-tests.js';
import { startTestRig, type TestRig } from '../../src/runbook-test/test-rig.js';
import { historyToJSON } from '../../src/testing/history-json.js';

const fixtures = fileURLToPath(new URL('../fixtures/runbook-test/', import.meta.url));

/** The shape that raced: a run `timeout: 1d` and an approval `timeout: 1d` started a step apart. */
const GATE = `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: gate }
spec:
  timeout: 1d
  steps:
    - id: prepare
      run: [./prepare.sh]
    - id: approve
      uses: approval
      with: { message: "go?", approvers: { groups: [sre] }, timeout: 1d, onTimeout: reject }
    - id: pause
      uses: sleep
      with: { duration: 2h }
    - id: ship
      run: [./ship.sh]
`;

const GATE_TEST = `apiVersion: runbook-runner/v1
kind: RunbookTest
runbook: gate
cases:
  - name: approved after an hour, it ships
    approvals:
      - { step: approve, after: 1h, approve: [alice] }
    expect:
      status: Succeeded
      ran: [prepare, approve, pause, ship]
  - name: nobody approves, the run's timeout ends the wait
    approvals:
      - { step: approve }
    expect:
      status: Failed
      ran: [prepare, approve]
`;

/**
 * A step run for real that outlasts the case's limit: the run is busy in real time, so virtual
 * time cannot move it on (the server holds its clock while an activity is in flight).
 */
const HOLD = `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: hold }
spec:
  steps:
    - id: hold
      run: [sleep, "20"]
`;

const HOLD_TEST = `apiVersion: runbook-runner/v1
kind: RunbookTest
runbook: hold
cases:
  - name: a real step outlasts the limit
    steps:
      hold: { real: true }
    expect:
      status: Succeeded
`;

/** Event type names (`EVENT_TYPE_TIMER_STARTED` …) of a fetched history, through its JSON. */
function eventTypes(history: temporal.api.history.v1.IHistory): string[] {
  const json = JSON.parse(historyToJSON(history)) as { events: Array<{ eventType: string }> };
  return json.events.map((event) => event.eventType);
}

describe('runbook test and the test server timers', () => {
  let dir = '';
  let gate: LoadedTest;
  let hold: LoadedTest;
  let rig: TestRig;
  const load = async (name: string) => {
    const result = await loadTestFile(join(dir, name), name, dir);
    assert.ok(result.ok, JSON.stringify(!result.ok && result.diagnostics));
    return result;
  };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rr-test-timers-'));
    cpSync(join(fixtures, 'ship', 'people.yaml'), join(dir, 'people.yaml'));
    writeFileSync(join(dir, 'gate.yaml'), GATE);
    writeFileSync(join(dir, 'gate.test.yaml'), GATE_TEST);
    writeFileSync(join(dir, 'hold.yaml'), HOLD);
    writeFileSync(join(dir, 'hold.test.yaml'), HOLD_TEST);
    gate = await load('gate.test.yaml');
    hold = await load('hold.test.yaml');
    rig = await startTestRig({ env: process.env });
  });
  after(async () => {
    await rig?.close();
  });

  const inputOf = (loaded: LoadedTest, index: number, workflowId: string) => {
    const testCase = loaded.test.cases[index];
    assert.ok(testCase !== undefined);
    return {
      rig,
      workflowId,
      definition: loaded.definition,
      children: loaded.children,
      people: loaded.people,
      params: {},
      dir: loaded.dir,
      path: loaded.runbookPath,
      testCase,
    };
  };

  async function drive(index: number) {
    const workflowId = `timers-${index}-${randomUUID()}`;
    const outcome = await driveCase(inputOf(gate, index, workflowId));
    const history = await rig.env.client.workflow.getHandle(workflowId).fetchHistory();
    return { outcome, events: eventTypes(history) };
  }

  it('an approval decided in time and a sleep run on, and no timer is ever cancelled', async () => {
    const { outcome, events } = await drive(0);
    assert.equal(outcome.result.status, 'Succeeded', outcome.result.reason);
    assert.deepEqual(outcome.refusedVotes, []);
    // The approval's 1d timer was left to fire: the wait ended by the vote all the same.
    assert.ok(outcome.virtualMs >= 3 * 3_600_000, `virtual ${outcome.virtualMs} ms`);
    assert.ok(outcome.virtualMs < 86_400_000, `virtual ${outcome.virtualMs} ms`);
    assert.ok(events.includes('EVENT_TYPE_TIMER_STARTED'), events.join(' '));
    assert.ok(!events.includes('EVENT_TYPE_TIMER_CANCELED'), events.join(' '));
    assert.ok(!events.includes('EVENT_TYPE_WORKFLOW_TASK_FAILED'), events.join(' '));
  });

  it("the run's timeout still ends an approval wait that has a timer of its own", async () => {
    const { outcome, events } = await drive(1);
    assert.equal(outcome.result.status, 'Failed');
    assert.match(outcome.result.reason ?? '', /timeout|timed out/i);
    const approve = outcome.result.progress.steps.find((s) => s.id === 'approve');
    assert.notEqual(approve?.status, 'WaitingApproval');
    assert.ok(!events.includes('EVENT_TYPE_TIMER_CANCELED'), events.join(' '));
  });

  it('a run that does not finish in time fails as stuck within its limit, saying why', async () => {
    await assert.rejects(
      driveCase({ ...inputOf(hold, 0, `timers-stuck-${randomUUID()}`), wallLimitMs: 3_000 }),
      (error: unknown) => {
        assert.ok(error instanceof CaseStuckError, String(error));
        assert.match(error.message, /did not finish within 3 s of real time/);
        assert.equal(error.status, 'Running');
        assert.match(error.message, /a real: true step still running/);
        return true;
      },
    );
  });

  it('runTestFiles reports a stuck case as failed and goes on with the next on a new server', async () => {
    // One rig, cases in order: the stuck one first, then the gate's two on the rig after it.
    const [held, gated] = await runTestFiles(['hold.test.yaml', 'gate.test.yaml'], {
      cwd: dir,
      env: process.env,
      concurrency: 1,
      caseWallLimitMs: 5_000,
    });
    const [stuck] = held?.cases ?? [];
    assert.equal(stuck?.passed, false);
    assert.match(stuck?.error ?? '', /did not finish within 5 s of real time/);
    assert.equal(gated?.cases.length, 2);
    for (const c of gated?.cases ?? []) assert.ok(c.passed, JSON.stringify(c));
  });
});
