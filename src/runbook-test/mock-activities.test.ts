// The mock mechanism over the whole action registry: every activity an action runs (and every
// built-in undo) is one the real worker registers, and the one generic mock answers it —
// recording the rendered input, returning outputs in the shape the interpreter reads, failing
// the first `attempts` attempts, and telling forward calls from rollbacks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/activity';
import { defaultPayloadConverter } from '@temporalio/common';
import { quietActivityEnvironment } from '../activities/test-helpers.js';
import { ACTIONS } from '../runbook/actions/index.js';
import {
  createMockActivities,
  INTERNAL_ACTIVITIES,
  MOCKED_FAILURE_TYPE,
  MockBook,
  stepHeaderInterceptor,
} from './mock-activities.js';
import type { StepMock } from './model.js';
import { STEP_HEADER } from './step-header-interceptor.js';
import { workerActivityNames } from './test-rig.js';

const WORKFLOW_ID = 'runbook-test-case-1';

/** Calls mock `name` as the worker would: inside an activity, with the interpreter's summary. */
async function call(
  steps: Record<string, StepMock>,
  name: string,
  input: unknown,
  summary: string,
  attempt = 1,
) {
  const book = new MockBook();
  const calls = book.register(WORKFLOW_ID, steps);
  const mocks = createMockActivities({
    book,
    names: workerActivityNames(),
    runCommand: async () => {
      throw new Error('real runCommand called');
    },
  });
  const activity = mocks[name];
  assert.ok(activity !== undefined, `no mock for ${name}`);
  const env = quietActivityEnvironment({
    attempt,
    workflowExecution: { workflowId: WORKFLOW_ID, runId: 'r' },
  });
  const run = () => {
    const interceptor = stepHeaderInterceptor(env.context).inbound;
    assert.ok(interceptor?.execute !== undefined);
    return interceptor.execute(
      { args: [input], headers: { [STEP_HEADER]: defaultPayloadConverter.toPayload(summary) } },
      async () => activity(input as never),
    );
  };
  const outcome = await env.run(run).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return { outcome, calls };
}

const activityActions = ACTIONS.filter((a) => a.runs === 'activity');

describe('mock activities over the action registry', () => {
  it('covers every activity the real worker registers, except the internal ones it keeps real', () => {
    const names = workerActivityNames();
    const mocked = Object.keys(
      createMockActivities({ book: new MockBook(), names, runCommand: async () => undefined }),
    );
    assert.deepEqual(
      [...mocked].sort(),
      names.filter((n) => !(INTERNAL_ACTIVITIES as readonly string[]).includes(n)),
    );
    for (const action of activityActions) {
      assert.ok(action.activity !== undefined && names.includes(action.activity), action.name);
      if (action.undo !== undefined) assert.ok(names.includes(action.undo.activity), action.name);
    }
    assert.ok(activityActions.length >= 10, 'the registry lists its activity actions');
  });

  for (const action of activityActions) {
    it(`${action.name}: records the rendered with: and answers the mocked outputs`, async () => {
      const outputs =
        action.result === 'http-response' ? { status: 503, body: 'down' } : { answer: 42 };
      const { outcome, calls } = await call(
        { 'the-step': { real: false, outputs } },
        action.activity as string,
        { greeting: 'hi', secretRefs: ['env:X'], workdir: { dir: '/nowhere' } },
        'the-step',
      );
      assert.ok('value' in outcome, String((outcome as { error?: unknown }).error));
      const value = outcome.value as Record<string, unknown>;
      if (action.result === 'http-response') {
        assert.equal(value.status, 503);
        assert.equal(value.body, 'down');
      } else {
        assert.deepEqual(value.outputs, { answer: 42 });
        assert.equal(value.undo !== undefined, action.undo !== undefined, 'undo record');
      }
      assert.deepEqual(
        calls.map((c) => [c.step, c.mode, c.activity, c.with, c.outcome]),
        [['the-step', 'forward', action.activity, { greeting: 'hi' }, 'succeeded']],
      );
    });

    it(`${action.name}: fails the first attempts, then succeeds`, async () => {
      const steps = { 'the-step': { real: false, fail: { message: 'boom', attempts: 1 } } };
      const first = await call(steps, action.activity as string, {}, 'the-step', 1);
      assert.ok('error' in first.outcome);
      assert.ok(first.outcome.error instanceof ApplicationFailure);
      assert.equal(first.outcome.error.type, MOCKED_FAILURE_TYPE);
      assert.equal(first.outcome.error.message, 'boom');
      assert.equal(first.outcome.error.nonRetryable, false);
      const second = await call(steps, action.activity as string, {}, 'the-step', 2);
      assert.ok('value' in second.outcome);
    });
  }

  it('an undo is a rollback of its step, and fails when the case mocks its rollback to fail', async () => {
    const undo = activityActions.find((a) => a.undo !== undefined)?.undo?.activity;
    assert.ok(undo !== undefined);
    const { outcome, calls } = await call(
      { 'set-image': { real: false, rollback: { fail: { message: 'cannot undo' } } } },
      undo,
      { mockedUndoOf: 'set-image' },
      'undo set-image',
    );
    assert.ok('error' in outcome);
    assert.deepEqual(
      calls.map((c) => [c.step, c.mode, c.outcome]),
      [['set-image', 'rollback', 'failed']],
    );
  });

  it('a run: step fails as CommandFailed with the exit code and stderr, keyed inside a forEach', async () => {
    const { outcome, calls } = await call(
      { smoke: { real: false, fail: { exitCode: 22, stderr: 'connection refused' } } },
      'runCommand',
      { runId: 'r', stepId: 'each[1].smoke', command: { argv: ['curl', 'x'] }, env: {} },
      'each[1].smoke',
    );
    assert.ok('error' in outcome && outcome.error instanceof ApplicationFailure);
    assert.equal(outcome.error.type, 'CommandFailed');
    const details = outcome.error.details?.[0] as
      | { exitCode: number; stderrTail: string }
      | undefined;
    assert.deepEqual([details?.exitCode, details?.stderrTail], [22, 'connection refused']);
    assert.deepEqual(
      calls.map((c) => [c.step, c.key, c.argv]),
      [['smoke', 'each[1].smoke', ['curl', 'x']]],
    );
  });
});
