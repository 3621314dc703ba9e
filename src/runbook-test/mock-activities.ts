/**
 * The mock activities of `runbook test`: ONE mechanism standing in for every step activity the
 * worker registers (src/worker/activities.ts), whatever the action. Each call is matched to its
 * step by the summary header (step-header-interceptor.ts), recorded (the rendered `with:` of a
 * `uses:` step, the argv of a `run:` step) and answered from the case's `steps.<id>`:
 *
 * - `outputs`: returned as the step's outputs (an action with a built-in undo also returns an
 *   undo record, so compensation runs as it would for real);
 * - `fail`: thrown as the activity would (`CommandFailed` with exit code and stderr for `run:`,
 *   a retryable `MockedFailure` for actions), on every attempt or only the first `attempts`, so
 *   the step's own retry policy decides what happens, as in production;
 * - `duration`: recorded on the call (activities run in real time even on the time-skipping
 *   server, so the mock does not wait; see docs/runbook-test-format.md);
 * - `real: true` (`run:` steps): the real `runCommand`, in the runbook's folder;
 * - no entry: success with empty outputs.
 *
 * The concurrency lock (`acquireLock`) and the vote keys (`voteVerificationKeys`) are not step
 * activities: the runner registers the real ones, so the run behaves as it would.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { defaultPayloadConverter } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { RunCommandInput } from '../activities/shell/run-command.js';
import { ACTIONS } from '../runbook/actions/index.js';
import type { JsonObject, JsonValue } from '../runbook/model.js';
import { type CallSite, callSiteOf } from './call-site.js';
import type { FailMock, StepMock } from './model.js';
import { STEP_HEADER } from './step-header-interceptor.js';

/** Activities that are not steps: registered for real by the runner. */
export const INTERNAL_ACTIVITIES = ['acquireLock', 'voteVerificationKeys'] as const;

/** The failure type of a mocked action failure (retryable, like a transient API error). */
export const MOCKED_FAILURE_TYPE = 'MockedFailure';

/** One activity call as the mock saw it. */
export interface RecordedCall {
  /** The step id. */
  readonly step: string;
  /** The step key (`each[1].restart` inside a forEach). */
  readonly key: string;
  readonly mode: 'forward' | 'rollback';
  /** The activity called, e.g. `kubernetesSetImage`, `runCommand`, `kubernetesUndo`. */
  readonly activity: string;
  readonly attempt: number;
  /** The rendered `with:` (actions), without the run context the interpreter adds. */
  readonly with?: JsonObject;
  /** The rendered argv (`run:` steps with an argv). */
  readonly argv?: readonly string[];
  /** The rendered script (`run:` steps with a shell script). */
  readonly script?: string;
  /** `duration:` of the mock, in virtual milliseconds. */
  readonly durationMs?: number;
  readonly outcome: 'succeeded' | 'failed' | 'real';
}

/** What one case's run is mocked with, and the calls it made. */
export interface CaseMocks {
  readonly steps: Readonly<Record<string, StepMock>>;
  readonly calls: RecordedCall[];
}

/** The mocks of the cases running on a worker, by the workflow id of each case's run. */
export class MockBook {
  readonly #cases = new Map<string, CaseMocks>();

  /** Registers a case's run; returns the calls array that fills as the run goes. */
  register(workflowId: string, steps: Readonly<Record<string, StepMock>>): RecordedCall[] {
    const calls: RecordedCall[] = [];
    this.#cases.set(workflowId, { steps, calls });
    return calls;
  }

  forget(workflowId: string): void {
    this.#cases.delete(workflowId);
  }

  /** The case of a run, or of the parent run of a child runbook (`<parent>.<key>`). */
  caseOf(workflowId: string): CaseMocks | undefined {
    for (let id = workflowId; ; ) {
      const found = this.#cases.get(id);
      if (found !== undefined) return found;
      const dot = id.lastIndexOf('.');
      if (dot <= 0) return undefined;
      id = id.slice(0, dot);
    }
  }
}

const summaries = new AsyncLocalStorage<string | undefined>();

/** Reads the step header into the activity's async context; register on the test worker. */
export const stepHeaderInterceptor: ActivityInterceptorsFactory = () => ({
  inbound: {
    execute(input, next) {
      const payload = input.headers[STEP_HEADER];
      const summary =
        payload === undefined ? undefined : defaultPayloadConverter.fromPayload<string>(payload);
      return summaries.run(summary, () => next(input));
    },
  },
});

type ActivityFn = (input: never) => Promise<unknown>;

export interface MockActivityDeps {
  readonly book: MockBook;
  /** Every activity name the real worker registers (see `workerActivityNames`). */
  readonly names: readonly string[];
  /** The real `runCommand`, for `real: true`. */
  readonly runCommand: (input: RunCommandInput) => Promise<unknown>;
}

/** One function per activity name, all the same mechanism; the internal ones are left out. */
export function createMockActivities(deps: MockActivityDeps): Record<string, ActivityFn> {
  const out: Record<string, ActivityFn> = {};
  for (const name of deps.names) {
    if ((INTERNAL_ACTIVITIES as readonly string[]).includes(name)) continue;
    out[name] = ((input: unknown) => answer(deps, name, input)) as ActivityFn;
  }
  return out;
}

/** Who called: the header set by the interpreter's summary, or a `run:` step's own stepId. */
function siteOf(activity: string, input: unknown): CallSite {
  const summary = summaries.getStore();
  if (summary !== undefined) return callSiteOf(summary);
  if (activity === 'runCommand') {
    const stepId = (input as RunCommandInput).stepId;
    const rollback = stepId.endsWith('.rollback');
    return callSiteOf(rollback ? `rollback of ${stepId.slice(0, -'.rollback'.length)}` : stepId);
  }
  throw new Error(
    `runbook test: activity ${activity} was called without a step header; the test worker must use the runbook-test workflow bundle (this is a bug)`,
  );
}

async function answer(deps: MockActivityDeps, activity: string, input: unknown): Promise<unknown> {
  const { info } = Context.current();
  const site = siteOf(activity, input);
  const mocks = deps.book.caseOf(info.workflowExecution?.workflowId ?? '');
  const own = mocks?.steps[site.step];
  const mock: { readonly fail?: FailMock; readonly outputs?: JsonObject; durationMs?: number } =
    site.mode === 'rollback' ? (own?.rollback ?? {}) : (own ?? {});
  const failing =
    mock.fail !== undefined &&
    (mock.fail.attempts === undefined || info.attempt <= mock.fail.attempts);
  const real = site.mode === 'forward' && own?.real === true && activity === 'runCommand';
  mocks?.calls.push({
    step: site.step,
    key: site.key,
    mode: site.mode,
    activity,
    attempt: info.attempt,
    ...describeCall(activity, input),
    ...(site.mode === 'forward' && own?.durationMs !== undefined
      ? { durationMs: own.durationMs }
      : {}),
    outcome: real ? 'real' : failing ? 'failed' : 'succeeded',
  });
  if (real) return deps.runCommand(input as RunCommandInput);
  if (failing && mock.fail !== undefined) throw failureOf(activity, site, input, mock.fail);
  return resultOf(activity, site, mock.outputs ?? {}, info.attempt);
}

function describeCall(
  activity: string,
  input: unknown,
): Pick<RecordedCall, 'with' | 'argv' | 'script'> {
  if (activity === 'runCommand') {
    const command = (input as RunCommandInput).command;
    return 'argv' in command ? { argv: [...command.argv] } : { script: command.script };
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return {};
  const { secretRefs: _secretRefs, workdir: _workdir, ...rest } = input as Record<string, unknown>;
  return { with: rest as JsonObject };
}

function failureOf(activity: string, site: CallSite, input: unknown, fail: FailMock): Error {
  const { info } = Context.current();
  if (activity === 'runCommand') {
    const command = (input as RunCommandInput).command;
    const display = 'argv' in command ? command.argv.join(' ') : `${command.shell} script`;
    const exitCode = fail.exitCode ?? 1;
    return ApplicationFailure.retryable(
      fail.message ??
        `Step ${site.key} (attempt ${info.attempt}): ${display} exited with code ${exitCode} (mocked)${fail.stderr === undefined ? '' : `: ${fail.stderr}`}`,
      'CommandFailed',
      {
        exitCode,
        signal: null,
        command: display,
        logFile: '',
        stdoutTail: '',
        stderrTail: fail.stderr ?? '',
        durationMs: 0,
      },
    );
  }
  return ApplicationFailure.retryable(
    fail.message ?? `${activity} of step ${site.key} failed (mocked)`,
    MOCKED_FAILURE_TYPE,
  );
}

const ACTION_BY_ACTIVITY = new Map(
  ACTIONS.filter((action) => action.activity !== undefined).map((a) => [a.activity, a]),
);

/** The result shape the interpreter expects from this activity, carrying `outputs`. */
function resultOf(activity: string, site: CallSite, outputs: JsonObject, attempt: number): unknown {
  if (activity === 'runCommand') {
    return {
      exitCode: 0,
      outputs,
      stdoutTail: '',
      stderrTail: '',
      logFile: '',
      durationMs: 0,
      attempt,
    };
  }
  const action = ACTION_BY_ACTIVITY.get(activity);
  if (action === undefined) return {}; // an undo activity: nothing to return
  if (action.result === 'http-response') {
    return { status: 200, headers: {}, body: '', truncated: false, ...outputs };
  }
  if (site.mode === 'forward' && action.undo !== undefined) {
    const undo: JsonValue = { mockedUndoOf: site.key };
    return { outputs, undo };
  }
  return { outputs };
}
