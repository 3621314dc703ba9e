// The action's outputs (action.yml declares the same names; a unit test holds them together).
import { appendOutput } from './file-commands.js';
import type { RunnerContext } from './runner-context.js';

export interface ActionOutputs {
  /** The run's workflow id. */
  readonly runId: string;
  /** Its final status; `Running` when not waited for; the last status seen on timeout. */
  readonly status: string;
  /** Each step's outputs by step key (`{}` when the run did not end). */
  readonly outputs: Readonly<Record<string, unknown>>;
}

/** Output name → how it is written from {@link ActionOutputs}. */
export const ACTION_OUTPUTS = {
  'run-id': (o: ActionOutputs) => o.runId,
  status: (o: ActionOutputs) => o.status,
  outputs: (o: ActionOutputs) => JSON.stringify(o.outputs),
} as const;

/** Writes every output to `$GITHUB_OUTPUT` (nothing off the runner, where there is no file). */
export function setActionOutputs(runner: RunnerContext, values: ActionOutputs): void {
  if (runner.outputFile === undefined) return;
  for (const [name, render] of Object.entries(ACTION_OUTPUTS)) {
    appendOutput(runner.outputFile, name, render(values));
  }
}
