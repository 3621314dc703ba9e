/**
 * The blue-green proof on a real dev server with two real `runbook worker` processes of different
 * build ids: runs waiting for approval on blue keep working after green is promoted, new runs land
 * on green, `runbook workers status` shows both versions and their drainage, `retire` of blue is
 * refused while it is draining or still polled, `rollback` goes back, a racing change gets a
 * conflict, the `temporal.*` actions change the routing and undo it, and a history recorded here
 * replays against the current interpreter but not against one changed without `patched()`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, type ReplayResult, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { parsePeople } from '../../src/runbook/people/index.js';
import {
  DeploymentConflictError,
  describeDeployment,
  setCurrentVersion,
  setRampingVersion,
} from '../../src/temporal/deployments/index.js';
import { type DevServer, startDevServer } from '../../src/testing/dev-server.js';
import { freePort } from '../../src/testing/free-port.js';
import { runbookWorkflowBundle } from '../../src/worker/create-worker.js';
import { approveUpdate } from '../../src/workflows/definitions.js';
import { runbookWorkflow } from '../../src/workflows/runbook-workflow.js';
import type { RunbookRunResult } from '../../src/workflows/types.js';
import { type CliProcess, runCli, spawnCli, stopCli } from '../harness/cli.js';
import { eventually } from '../harness/eventually.js';
import { definitionFrom, rejectionOf, resultOf, runId, runInput } from '../harness/runs.js';

const DEPLOYMENT = 'rr-proof';
const TASK_QUEUE = 'blue-green';
/**
 * How long a version stays `draining` after it stops being current before the server checks its
 * runs (default 3 minutes), and how often it checks again: long enough for the two CLI calls that
 * must see `draining` right after a promotion (`workers status`, `workers retire`: seconds each,
 * tens of seconds on a loaded machine), short enough that the two waits for `drained` (here and
 * in the `temporal.waitDrained` step, whose timeout is 3m) do not idle for minutes.
 */
const DRAINAGE_GRACE = '100s';
const DRAINAGE_REFRESH = '2s';

const changedWorkflowPath = fileURLToPath(
  new URL('../fixtures/replay/changed-workflow.ts', import.meta.url),
);

const people = (() => {
  const parsed = parsePeople(
    `apiVersion: runbook-runner/v1
kind: People
people:
  alice: { cli: [alice] }
  bob: { cli: [bob] }
`,
    'people.yaml',
  );
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.directory;
})();

const GATED = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: gated }
spec:
  steps:
    - id: gate
      uses: approval
      with: { message: go?, approvers: { people: [bob] } }
    - id: ship
      run: [sh, -c, 'echo shipped']
`);

const QUICK = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: quick }
spec:
  steps:
    - id: hello
      run: [sh, -c, 'echo hello']
`);

/** Ramps blue from a runbook, reads the routing, then fails: compensation must undo the ramp. */
const RAMP_THEN_FAIL = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: ramp-then-fail }
spec:
  params:
    deployment: { type: string }
    build: { type: string }
  steps:
    - id: ramp
      uses: temporal.setRampingVersion
      with: { deployment: "\${{ params.deployment }}", buildId: "\${{ params.build }}", percentage: 20 }
    - id: look
      uses: temporal.describeDeployment
      with: { deployment: "\${{ params.deployment }}" }
    - id: boom
      run: [sh, -c, 'exit 3']
`);

const WAIT_DRAINED = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: wait-drained }
spec:
  params:
    deployment: { type: string }
    build: { type: string }
  steps:
    - id: drained
      uses: temporal.waitDrained
      with: { deployment: "\${{ params.deployment }}", buildId: "\${{ params.build }}", pollIntervalSeconds: 1 }
      timeout: 3m
`);

let server: DevServer;
let dir: string;
let connection: Connection;
let client: Client;
const workers: CliProcess[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rr-bluegreen-'));
  server = await startDevServer({
    dbFile: join(dir, 'temporal.db'),
    logDir: dir,
    port: await freePort(),
    uiPort: false,
    dynamicConfig: {
      'matching.wv.VersionDrainageStatusVisibilityGracePeriod': DRAINAGE_GRACE,
      'matching.wv.VersionDrainageStatusRefreshInterval': DRAINAGE_REFRESH,
    },
  });
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
});

after(async () => {
  for (const worker of workers) await stopCli(worker);
  await connection?.close();
  await server?.stop();
});

/** A busy machine (two cores for many tests) may take minutes to bundle and start a worker. */
const WORKER_START_MS = 300_000;

/** Starts `runbook worker` for `buildId` and waits until it says it polls (and which version). */
async function startWorker(buildId: string): Promise<CliProcess> {
  const worker = spawnCli(['worker'], workerEnv(buildId));
  workers.push(worker);
  await eventually(
    () => worker.output().includes('versioned worker:') || worker.child.exitCode !== null,
    { what: `the ${buildId} worker to poll`, timeoutMs: WORKER_START_MS, intervalMs: 250 },
  );
  assert.equal(worker.child.exitCode, null, `the ${buildId} worker exited:\n${worker.output()}`);
  return worker;
}

function workerEnv(buildId: string): NodeJS.ProcessEnv {
  return {
    TEMPORAL_ADDRESS: server.address,
    RUNBOOK_TASK_QUEUE: TASK_QUEUE,
    RUNBOOK_HOME: join(dir, `home-${buildId}`),
    RUNBOOK_DEPLOYMENT_NAME: DEPLOYMENT,
    RUNBOOK_BUILD_ID: buildId,
  };
}

function cliEnv(): NodeJS.ProcessEnv {
  return {
    TEMPORAL_ADDRESS: server.address,
    RUNBOOK_HOME: join(dir, 'home-cli'),
    RUNBOOK_DEPLOYMENT_NAME: DEPLOYMENT,
  };
}

async function workers_(...args: string[]): Promise<{ code: number; output: string }> {
  return runCli(['workers', ...args, '--as', 'operator'], cliEnv());
}

const target = () => ({
  service: client.workflowService,
  namespace: 'default',
  deploymentName: DEPLOYMENT,
  identity: 'test',
});

/** Waits until a worker of `buildId` has polled, so the deployment has that version. */
async function versionAppears(buildId: string): Promise<void> {
  await eventually(
    async () => {
      const state = await describeDeployment(target()).catch(() => undefined);
      return state?.versions.some((v) => v.buildId === buildId) === true;
    },
    { what: `version ${buildId} of ${DEPLOYMENT}`, timeoutMs: 60_000, intervalMs: 500 },
  );
}

/** The build id of the worker that completed the run's last workflow task. */
async function buildIdOf(handle: WorkflowHandle): Promise<string | undefined> {
  const info = (await handle.describe()).raw.workflowExecutionInfo?.versioningInfo;
  const legacy = info?.version ?? '';
  const buildId = info?.deploymentVersion?.buildId || legacy.slice(legacy.indexOf('.') + 1);
  return buildId === '' ? undefined : buildId;
}

function startGated(prefix: string) {
  return client.workflow.start(runbookWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: runId(prefix),
    args: [{ ...runInput(GATED, dir, {}, { kind: 'cli', actor: 'cli:alice' }), people }],
  });
}

async function waitingForApproval(handle: WorkflowHandle): Promise<void> {
  await eventually(async () => (await buildIdOf(handle)) !== undefined, {
    what: `${handle.workflowId} to reach its approval on a worker`,
    timeoutMs: 60_000,
    intervalMs: 250,
  });
}

async function collect(results: AsyncIterable<ReplayResult>): Promise<ReplayResult[]> {
  const all: ReplayResult[] = [];
  for await (const result of results) all.push(result);
  return all;
}

const inFlight: WorkflowHandle<typeof runbookWorkflow>[] = [];

test('runs waiting on blue keep working after green is promoted; new runs land on green; status shows both versions and drainage; retire of blue is refused', async () => {
  const blue = await startWorker('blue');
  assert.match(
    blue.output(),
    /versioned worker: deployment rr-proof, build id blue \(from RUNBOOK_BUILD_ID\)/,
  );
  await versionAppears('blue');

  // Until a version is current, a versioned worker gets nothing; promote blue.
  const promoteBlue = await workers_('promote', 'blue');
  assert.equal(promoteBlue.code, 0, promoteBlue.output);
  assert.match(promoteBlue.output, /rr-proof: blue is now current \(was unversioned\)/);

  for (const prefix of ['waiting-a', 'waiting-b']) inFlight.push(await startGated(prefix));
  for (const handle of inFlight) {
    await waitingForApproval(handle);
    assert.equal(await buildIdOf(handle), 'blue', `${handle.workflowId} started on blue`);
  }

  await startWorker('green');
  await versionAppears('green');
  const ramp = await workers_('ramp', 'green', '10');
  assert.equal(ramp.code, 0, ramp.output);
  assert.match(ramp.output, /green now gets 10 % of new runs \(current blue gets the rest\)/);
  const ramping = await workers_('status');
  assert.match(ramping.output, /^current: blue$/m);
  assert.match(ramping.output, /^ramping: green at 10 %$/m);

  const promoteGreen = await workers_('promote', 'green');
  assert.equal(promoteGreen.code, 0, promoteGreen.output);
  assert.match(promoteGreen.output, /green is now current \(was blue\)/);

  // Both versions, each with its worker; blue draining (the server's grace period has not passed).
  const status = await workers_('status');
  assert.equal(status.code, 0, status.output);
  assert.match(status.output, /^worker deployment rr-proof \(namespace default\)$/m);
  assert.match(status.output, /^current: green$/m);
  assert.match(status.output, /^ramping: none$/m);
  assert.match(status.output, /^green +current +- +1 /m);
  assert.match(status.output, /^blue +draining +draining +1 /m);

  const retire = await workers_('retire', 'blue');
  assert.equal(retire.code, 1, retire.output);
  assert.match(retire.output, /cannot retire rr-proof build blue: it is still draining/);

  // The runs that waited on blue: approved now, they finish — on green, since they AUTO_UPGRADE.
  for (const handle of inFlight) {
    await handle.executeUpdate(approveUpdate, { args: [{ approver: 'cli:bob' }] });
    const result: RunbookRunResult = await handle.result();
    assert.equal(result.status, 'Succeeded', JSON.stringify(result));
    assert.equal(await buildIdOf(handle), 'green', `${handle.workflowId} finished on green`);
  }

  // A new run lands on green.
  const fresh = await client.workflow.start(runbookWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: runId('fresh'),
    args: [runInput(QUICK, dir)],
  });
  assert.equal((await fresh.result()).status, 'Succeeded');
  assert.equal(await buildIdOf(fresh), 'green');

  // Drained after the grace period; retire is still refused while blue's worker polls.
  await eventually(
    async () =>
      (await describeDeployment(target())).versions.find((v) => v.buildId === 'blue')?.drainage ===
      'drained',
    { what: 'blue to be drained', timeoutMs: 400_000, intervalMs: 2_000 },
  );
  const drained = await workers_('status');
  assert.match(drained.output, /^blue +drained +drained +1 /m);
  const stillPolled = await workers_('retire', 'blue');
  assert.equal(stillPolled.code, 1, stillPolled.output);
  assert.match(
    stillPolled.output,
    /1 worker poller\(s\) still serve it; scale its workers to zero/,
  );
});

test('rollback makes the previous current version current again, and a change decided on a stale describe is refused as a conflict', async () => {
  const rollback = await workers_('rollback');
  assert.equal(rollback.code, 0, rollback.output);
  assert.match(rollback.output, /rr-proof: rolled back to blue \(was green\)/);
  assert.equal((await describeDeployment(target())).current, 'blue');

  await setCurrentVersion(target(), await describeDeployment(target()), 'green');
  // Two operators decide on the same describe; the second change is refused, not applied.
  const seenByBoth = await describeDeployment(target());
  await setRampingVersion(target(), seenByBoth, 'blue', 30);
  await assert.rejects(setRampingVersion(target(), seenByBoth, 'blue', 50), (error: unknown) => {
    assert.ok(error instanceof DeploymentConflictError, String(error));
    assert.equal(error.code, 'RB9201');
    assert.match(error.message, /its routing changed while we were about to ramp blue to 50 %/);
    return true;
  });
  assert.deepEqual((await describeDeployment(target())).ramping, {
    buildId: 'blue',
    percentage: 30,
  });
  const stop = await workers_('ramp', '--stop');
  assert.equal(stop.code, 0, stop.output);
  assert.match(stop.output, /stopped ramping blue in rr-proof; current stays green/);
  assert.equal((await describeDeployment(target())).current, 'green');
  assert.equal((await describeDeployment(target())).ramping, undefined);
});

test('temporal.* steps change the routing from a runbook, and compensation puts it back', async () => {
  const handle = await client.workflow.start(runbookWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: runId('ramp-then-fail'),
    args: [runInput(RAMP_THEN_FAIL, dir, { deployment: DEPLOYMENT, build: 'blue' })],
  });
  const result = resultOf(await rejectionOf(handle.result())).progress;
  const look = result.steps.find((s) => s.id === 'look');
  assert.equal(look?.status, 'Succeeded');
  assert.match(JSON.stringify(look?.outputs), /"ramping":"blue"/);
  assert.match(JSON.stringify(look?.outputs), /"rampingPercentage":"20"/);
  const state = await describeDeployment(target());
  assert.equal(state.current, 'green');
  assert.equal(state.ramping, undefined, 'the ramp was undone by compensation');

  const wait = await client.workflow.execute(runbookWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: runId('wait-drained'),
    args: [runInput(WAIT_DRAINED, dir, { deployment: DEPLOYMENT, build: 'blue' })],
  });
  assert.equal(wait.status, 'Succeeded', JSON.stringify(wait));
});

test('a history recorded on the blue worker replays against the current interpreter, and against one changed without patched() fails with a DeterminismViolationError', async () => {
  const [recorded] = inFlight;
  assert.ok(recorded !== undefined, 'the first test recorded runs');
  const history = await recorded.fetchHistory();
  const [same] = await collect(
    Worker.runReplayHistories({ workflowBundle: await runbookWorkflowBundle() }, [
      { workflowId: recorded.workflowId, history },
    ]),
  );
  assert.equal(same?.error, undefined, String(same?.error));
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: changedWorkflowPath,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
  });
  const [changed] = await collect(
    Worker.runReplayHistories({ workflowBundle }, [{ workflowId: recorded.workflowId, history }]),
  );
  assert.ok(changed?.error instanceof DeterminismViolationError, String(changed?.error));
});
