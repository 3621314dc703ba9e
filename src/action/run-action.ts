// The action from inputs to exit code: check everything, start the run, and (with `wait`) follow
// it into the job log, its summary and its outputs.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { UsageError } from '../cli/errors.js';
import { loadFromRepository } from '../cli/support/load-from-repository.js';
import { type LoadedRunbook, loadRunbook } from '../cli/support/load-runbook.js';
import { cliSourceSettings } from '../cli/support/source-settings.js';
import { shown } from '../runbook/bounded-text.js';
import { formatDuration } from '../runbook/duration.js';
import type { JsonValue } from '../runbook/model.js';
import { resolveParams } from '../runbook/params.js';
import { checkStartAccess } from '../runbook/people/access.js';
import { startRunbookRun } from '../runs/start-run.js';
import { SourceError } from '../source/errors.js';
import type { RunbookRunInput, RunProgress, StepProgress } from '../workflows/types.js';
import { setActionOutputs } from './action-outputs.js';
import { checkoutRef } from './checkout-ref.js';
import { connectTemporal } from './connect.js';
import { ActionError } from './errors.js';
import { appendSummary } from './file-commands.js';
import { type ActionInputs, inputVariable, readInputs } from './inputs.js';
import { failedStepOutput } from './output-tail.js';
import { ProgressLog } from './progress-log.js';
import { actionRunId } from './run-id.js';
import { type RunnerContext, readRunnerContext } from './runner-context.js';
import { stepSummary } from './step-summary.js';
import { waitForRun } from './wait-for-run.js';
import { verbatimBlock, workflowCommand } from './workflow-commands.js';

export interface ActionIO {
  readonly env: NodeJS.ProcessEnv;
  /** One line of the job log (no trailing newline). */
  readonly log: (line: string) => void;
}

/**
 * Runs the action; resolves with the process exit code: 0 when the run succeeded (or was started
 * without waiting), 1 otherwise. Every expected failure is one `::error title=RB80xx::` line;
 * anything else is thrown (a bug).
 */
export async function runAction(io: ActionIO): Promise<number> {
  // Masked before anything else is read or printed, so no later line can show it.
  const key = io.env[inputVariable('temporal-api-key')]?.trim() ?? '';
  for (const line of key.split(/\r?\n/)) {
    if (line.trim() !== '') io.log(workflowCommand('add-mask', {}, line.trim()));
  }
  try {
    return await act(io);
  } catch (error) {
    if (!(error instanceof ActionError)) throw error;
    io.log(workflowCommand('error', { title: error.code }, error.message));
    return 1;
  }
}

/** The runbook at `inputs.ref` (or the checkout), its params typed, and the starter allowed. */
async function prepare(
  io: ActionIO,
  inputs: ActionInputs,
  runner: RunnerContext,
): Promise<RunbookRunInput> {
  // With a source repository (RUNBOOK_REPO), the runbook is read from a fetched mirror and the
  // run records the clone URL: any worker can fetch that commit, not only one on this runner.
  const repository = cliSourceSettings({ env: io.env, cwd: runner.workspace });
  const checkout =
    repository !== undefined || inputs.ref === undefined
      ? undefined
      : await checkoutRef(runner.workspace, inputs.ref);
  let loaded: LoadedRunbook;
  try {
    if (checkout !== undefined) io.log(`ref ${inputs.ref} is commit ${checkout.commit}`);
    loaded =
      repository === undefined
        ? await loadRunbook(inputs.runbook, checkout?.dir ?? runner.workspace)
        : await loadFromRepository(repository, inputs.runbook, inputs.ref);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof SourceError)) throw error;
    throw new ActionError('RB8084', `${error.message}\nnothing was started`, { cause: error });
  } finally {
    await checkout?.remove();
  }
  for (const note of loaded.notes) io.log(`note: ${shown(note, 1000)}`);
  const params = resolveParams(loaded.definition, inputs.params);
  if (!params.ok) {
    const problems = params.errors.map((e) => `${e.message} [${e.code}]`).join('\n');
    throw new ActionError(
      'RB8084',
      `the params do not fit runbook "${loaded.definition.name}":\n${problems}\nnothing was started`,
    );
  }
  const refusal = checkStartAccess(loaded.definition, loaded.people, runner.actor);
  if (refusal !== undefined) throw new ActionError('RB8085', `${refusal}; nothing was started`);
  // A ref's worktree is gone once loaded: the worker checks the commit out of the workspace's
  // repository, which holds the same objects.
  const source =
    checkout !== undefined && loaded.source.commit !== null
      ? { ...loaded.source, repo: runner.workspace }
      : loaded.source;
  return {
    definition: loaded.definition,
    params: params.params,
    source,
    trigger: { kind: 'github', actor: runner.actor },
    runbooks: loaded.children,
    people: loaded.people,
  };
}

function summarize(
  runner: RunnerContext,
  progress: RunProgress | undefined,
  context: Parameters<typeof stepSummary>[1],
): void {
  if (runner.summaryFile !== undefined)
    appendSummary(runner.summaryFile, stepSummary(progress, context));
}

/** A failed step's output tail in a collapsed group, printed verbatim (never as commands). */
async function logFailedStep(
  io: ActionIO,
  client: Client,
  runId: string,
  step: StepProgress,
): Promise<void> {
  const tail = await failedStepOutput(client, runId, step);
  io.log(workflowCommand('group', {}, `${step.key} failed: ${shown(step.error ?? '', 200)}`));
  const lines = [`error: ${step.error ?? '(no message)'}`];
  if (tail === undefined) lines.push('(no command output: the step ran no command)');
  else {
    lines.push('--- stdout (end) ---', tail.stdout === '' ? '(empty)' : tail.stdout);
    lines.push('--- stderr (end) ---', tail.stderr === '' ? '(empty)' : tail.stderr);
  }
  for (const line of verbatimBlock(lines.join('\n'), randomUUID())) io.log(line);
  io.log(workflowCommand('endgroup', {}, ''));
}

async function act(io: ActionIO): Promise<number> {
  const inputs = readInputs(io.env);
  const runner = readRunnerContext(io.env);
  const input = await prepare(io, inputs, runner);
  const { client, connection } = await connectTemporal(inputs.temporal, io.env);
  try {
    const runId = actionRunId(input.definition.name, io.env);
    try {
      await startRunbookRun(client, {
        taskQueue: inputs.taskQueue,
        workflowId: runId,
        input,
        ...(runner.workflowRunUrl === undefined
          ? {}
          : { memo: { githubWorkflowRun: runner.workflowRunUrl } }),
      });
    } catch (error) {
      throw new ActionError(
        'RB8089',
        `Temporal at ${inputs.temporal.address} did not start the run in namespace ${inputs.temporal.namespace}: ${shown((error as Error).message, 500)}; check temporal-namespace and what the API key may do`,
        { cause: error },
      );
    }
    const commit = input.source.commit?.slice(0, 12) ?? 'uncommitted';
    io.log(
      `started ${runId} (${input.definition.name} @ ${commit}) as ${runner.actor} on task queue ${inputs.taskQueue}`,
    );
    if (!inputs.wait) {
      setActionOutputs(runner, { runId, status: 'Running', outputs: {} });
      summarize(runner, undefined, {
        runId,
        status: 'Running',
        note: 'Started without waiting (wait: false); the job does not follow the run.',
      });
      return 0;
    }
    const log = new ProgressLog(runId);
    const started = Date.now();
    const result = await waitForRun(client, runId, {
      ...(inputs.timeoutMs === undefined ? {} : { timeoutMs: inputs.timeoutMs }),
      onProgress: async (progress) => {
        const { lines, failed } = log.update(progress);
        for (const line of lines) io.log(line);
        for (const step of failed) await logFailedStep(io, client, runId, step);
      },
      onNoWorker: (waited) =>
        io.log(
          workflowCommand(
            'warning',
            { title: 'no worker' },
            `no worker has picked up the run's next task for ${formatDuration(Math.round(waited / 1000) * 1000)}: a worker must poll task queue ${inputs.taskQueue} in namespace ${inputs.temporal.namespace} (runbook worker --task-queue ${inputs.taskQueue})`,
          ),
        ),
    });
    if (!result.ended) {
      const waited = formatDuration(inputs.timeoutMs ?? Date.now() - started);
      const note = `The timeout of ${waited} passed while the run was ${result.status}; the run was left running (runbook status ${runId}; runbook cancel ${runId} stops it).`;
      setActionOutputs(runner, { runId, status: result.status, outputs: {} });
      summarize(runner, result.progress, { runId, status: result.status, note });
      throw new ActionError('RB8088', note);
    }
    const outputs: Record<string, Record<string, JsonValue>> = result.outputs;
    setActionOutputs(runner, { runId, status: result.status, outputs });
    const took = formatDuration(Math.round((Date.now() - started) / 1000) * 1000);
    const reason = result.reason === undefined ? '' : ` — ${result.reason}`;
    if (result.status === 'Succeeded') {
      summarize(runner, result.progress, { runId, status: result.status });
      io.log(`${input.definition.name}: Succeeded (${took})`);
      return 0;
    }
    const message = `runbook ${input.definition.name} run ${runId} ended ${result.status}${reason}`;
    summarize(runner, result.progress, { runId, status: result.status, note: message });
    throw new ActionError('RB8087', message);
  } finally {
    await connection.close();
  }
}
