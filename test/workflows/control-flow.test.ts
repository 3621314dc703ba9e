// when, continueOnError, forEach, parallel and child runbooks: how control flow and failure travel.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
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
import { startTestWorker, type TestWorker } from '../harness/worker.js';

const temporal = useTimeSkippingEnv();

function read(h: TestWorker, name: string): string {
  return readFileSync(join(h.dir, name), 'utf8');
}

test('a step whose when: is false is Skipped, does not run, and later steps see status skipped', async () => {
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: conditional }
spec:
  params:
    enabled: { type: boolean, default: false }
  steps:
    - id: maybe
      when: "\${{ params.enabled }}"
      run: [touch, maybe-ran]
    - id: check
      run: [sh, -c, 'printf "%s" "$1" > maybe-status.txt', sh, '\${{ steps.maybe.status }}']
`);
  const h = await startTestWorker(temporal.env);
  const result = await executeRun(
    temporal.env,
    h,
    runId('when-false'),
    runInput(definition, h.dir),
  );
  assert.equal(result.status, 'Succeeded');
  assert.ok(!existsSync(join(h.dir, 'maybe-ran')));
  assert.equal(read(h, 'maybe-status.txt'), 'skipped');
  assert.deepEqual(
    result.progress.steps.map((s) => [s.id, s.status]),
    [
      ['maybe', 'Skipped'],
      ['check', 'Succeeded'],
    ],
  );
});

test('a failing continueOnError step leaves the run Succeeded and later steps see status failed', async () => {
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: tolerant }
spec:
  steps:
    - id: first
      run: [sh, -c, 'echo do-first >> journal']
      rollback: { run: [sh, -c, 'echo undo-first >> journal'] }
    - id: flaky
      run: [sh, -c, 'exit 9']
      continueOnError: true
    - id: report
      run: [sh, -c, 'printf "%s" "$1" > flaky-status.txt', sh, '\${{ steps.flaky.status }}']
    - id: onlyIfFailed
      when: "\${{ steps.flaky.status == 'failed' }}"
      run: [touch, saw-failure]
`);
  const h = await startTestWorker(temporal.env);
  const result = await executeRun(
    temporal.env,
    h,
    runId('continue-on-error'),
    runInput(definition, h.dir),
  );
  assert.equal(result.status, 'Succeeded');
  assert.equal(read(h, 'flaky-status.txt'), 'failed');
  assert.ok(existsSync(join(h.dir, 'saw-failure')));
  assert.deepEqual(journal(h), ['do-first'], 'a tolerated failure triggered rollbacks');
  const flaky = result.progress.steps.find((s) => s.id === 'flaky');
  assert.equal(flaky?.status, 'Failed');
  assert.match(flaky?.error ?? '', /exited with code 9/);
});

test('forEach with maxConcurrency: 2 never runs more than 2 of its 6 iterations at once', async () => {
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: fan-out }
spec:
  steps:
    - id: each
      forEach:
        items: [1, 2, 3, 4, 5, 6]
        maxConcurrency: 2
        steps:
          - id: work
            run:
              - sh
              - -c
              - 'flock journal.lock -c "echo start $1 >> journal"; sleep 0.3; flock journal.lock -c "echo end $1 >> journal"'
              - sh
              - \${{ item }}
`);
  const h = await startTestWorker(temporal.env);
  const result = await executeRun(temporal.env, h, runId('for-each'), runInput(definition, h.dir));
  assert.equal(result.status, 'Succeeded');
  const lines = journal(h);
  assert.deepEqual(
    lines
      .filter((l) => l.startsWith('end '))
      .map((l) => l.slice(4))
      .sort(),
    ['1', '2', '3', '4', '5', '6'],
  );
  let running = 0;
  let most = 0;
  for (const line of lines) {
    running += line.startsWith('start ') ? 1 : -1;
    most = Math.max(most, running);
  }
  assert.ok(most <= 2, `${most} iterations overlapped:\n${lines.join('\n')}`);
  assert.equal(result.progress.steps.filter((s) => s.id === 'work').length, 6);
});

test('a later failure rolls back every forEach iteration, newest first, with its own item', async () => {
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: fan-out-undo }
spec:
  steps:
    - id: each
      forEach:
        items: [a, b, c]
        as: region
        maxConcurrency: 1
        steps:
          - id: enable
            run: [sh, -c, 'echo "enable $1" >> journal', sh, '\${{ region }}']
            rollback: { run: [sh, -c, 'echo "disable $1" >> journal', sh, '\${{ region }}'] }
    - id: verify
      run: [sh, -c, 'exit 1']
`);
  const h = await startTestWorker(temporal.env);
  const result = resultOf(
    await rejectionOf(
      executeRun(temporal.env, h, runId('for-each-undo'), runInput(definition, h.dir)),
    ),
  );
  assert.equal(result.status, 'RolledBack');
  assert.deepEqual(journal(h), [
    'enable a',
    'enable b',
    'enable c',
    'disable c',
    'disable b',
    'disable a',
  ]);
});

test('a failing parallel branch cancels its siblings: a sleeping sibling is killed and never finishes', async () => {
  const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: branches }
spec:
  steps:
    - id: both
      parallel:
        - id: slow
          run: [sh, -c, 'echo $$ > slow.pid; sleep 60; touch slow-finished']
        - id: bad
          run: [sh, -c, 'while [ ! -f slow.pid ]; do sleep 0.1; done; exit 5']
    - id: after
      run: [touch, after-ran]
`);
  const h = await startTestWorker(temporal.env);
  const result = resultOf(
    await rejectionOf(executeRun(temporal.env, h, runId('parallel'), runInput(definition, h.dir))),
  );
  assert.equal(result.status, 'Failed');
  assert.equal(result.failure?.step, 'bad');
  assert.match(result.reason ?? '', /exited with code 5/);
  const pid = Number(read(h, 'slow.pid').trim());
  assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, 'the slow branch is alive');
  assert.ok(!existsSync(join(h.dir, 'slow-finished')));
  assert.ok(!existsSync(join(h.dir, 'after-ran')));
  assert.deepEqual(
    result.progress.steps.map((s) => [s.id, s.status]),
    [
      ['both', 'Failed'],
      ['slow', 'Cancelled'],
      ['bad', 'Failed'],
    ],
  );
});

const child = definitionFrom(
  `
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: child-deploy }
spec:
  params:
    version: { type: string }
    fail: { type: boolean, default: false }
  steps:
    - id: build
      run: [sh, -c, 'echo "artifact=app-$1" >> "$RUNBOOK_OUTPUT"; echo "child-build $1" >> journal', sh, '\${{ params.version }}']
      rollback: { run: [sh, -c, 'echo child-undo-build >> journal'] }
    - id: smoke
      when: "\${{ params.fail }}"
      run: [sh, -c, 'echo "smoke test failed" >&2; exit 6']
`,
  'child-deploy.yaml',
);

test('a child runbook’s status and step outputs reach the parent’s later steps', async () => {
  const parent = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: parent }
spec:
  steps:
    - id: deploy
      runbook: child-deploy
      params: { version: "1.2" }
    - id: use
      run:
        - sh
        - -c
        - 'printf "%s %s" "$1" "$2" > used.txt'
        - sh
        - \${{ steps.deploy.outputs.status }}
        - \${{ steps.deploy.outputs.steps.build.artifact }}
`);
  const h = await startTestWorker(temporal.env);
  const result = await executeRun(
    temporal.env,
    h,
    runId('child-ok'),
    runInput(parent, h.dir, {}, undefined, { 'child-deploy': child }),
  );
  assert.equal(result.status, 'Succeeded');
  assert.equal(read(h, 'used.txt'), 'Succeeded app-1.2');
  assert.deepEqual(journal(h), ['child-build 1.2']);
});

test('a failing child runbook rolls itself back, then fails the parent step and the parent rolls back', async () => {
  const parent = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: parent }
spec:
  steps:
    - id: prepare
      run: [sh, -c, 'echo parent-prepare >> journal']
      rollback: { run: [sh, -c, 'echo parent-undo-prepare >> journal'] }
    - id: deploy
      runbook: child-deploy
      params: { version: "2.0", fail: true }
    - id: announce
      run: [touch, announced]
`);
  const h = await startTestWorker(temporal.env);
  const result = resultOf(
    await rejectionOf(
      executeRun(
        temporal.env,
        h,
        runId('child-fails'),
        runInput(parent, h.dir, {}, undefined, { 'child-deploy': child }),
      ),
    ),
  );
  assert.equal(result.status, 'RolledBack');
  assert.equal(result.failure?.step, 'deploy');
  assert.match(result.reason ?? '', /child-deploy: RolledBack/);
  assert.match(result.reason ?? '', /exited with code 6/);
  assert.ok(!existsSync(join(h.dir, 'announced')));
  assert.deepEqual(journal(h), [
    'parent-prepare',
    'child-build 2.0',
    'child-undo-build',
    'parent-undo-prepare',
  ]);
});
