import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { formatDiagnostic } from '../../src/runbook/diagnostics.js';
import type { JsonValue, RunbookDefinition } from '../../src/runbook/model.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { runbookWorkflow } from '../../src/workflows/runbook-workflow.js';
import type { RunbookRunInput, RunbookRunResult, RunTrigger } from '../../src/workflows/types.js';
import type { TemporalAccess, TestWorker } from './worker.js';

/** Parses a runbook written inline in a test, failing loudly with the diagnostics. */
export function definitionFrom(yaml: string, file = 'test.yaml'): RunbookDefinition {
  const result = parseRunbook(yaml, file);
  if (!result.ok) {
    throw new Error(result.diagnostics.map((d) => formatDiagnostic(d, yaml)).join('\n'));
  }
  return result.runbook;
}

/** A run of an uncommitted runbook whose steps work in `dir`. */
export function runInput(
  definition: RunbookDefinition,
  dir: string,
  params: Record<string, JsonValue> = {},
  trigger: RunTrigger = { kind: 'cli', actor: 'alice' },
  runbooks: Record<string, RunbookDefinition> = {},
): RunbookRunInput {
  const withDefaults: Record<string, JsonValue> = {};
  for (const [name, spec] of Object.entries(definition.params)) {
    if (spec.default !== undefined) withDefaults[name] = spec.default;
  }
  return {
    definition,
    params: { ...withDefaults, ...params },
    source: { repo: dir, commit: null, path: join(dir, definition.file), contentHash: 'test', dir },
    trigger,
    runbooks,
  };
}

/** The run's result carried by a failed execution (`RunbookRunResult` in the failure details). */
export function resultOf(error: unknown): RunbookRunResult {
  if (!(error instanceof WorkflowFailedError)) {
    throw new Error(`expected a failed run, got ${String(error)}`, { cause: error });
  }
  const details = (error.cause as { details?: unknown[] } | undefined)?.details;
  const result = details?.[0] as RunbookRunResult | undefined;
  if (result === undefined) throw new Error('the failure carries no run result', { cause: error });
  return result;
}

/** Settles `promise` into the error it rejects with, failing if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

let counter = 0;

/** A workflow id unique within this process. */
export function runId(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now()}-${counter++}`;
}

/**
 * Runs one interpreter execution to its end on the test worker: resolves with the result, or
 * rejects with the run's failure (use `rejectionOf` + `resultOf` to read it).
 */
export function executeRun(
  temporal: Pick<TemporalAccess, 'client'>,
  w: TestWorker,
  workflowId: string,
  input: RunbookRunInput,
): Promise<RunbookRunResult> {
  return w.worker.runUntil(
    temporal.client.workflow.execute(runbookWorkflow, {
      taskQueue: w.taskQueue,
      workflowId,
      args: [input],
    }),
  );
}

/** The lines steps appended to `journal` in the worker's folder (empty when none did). */
export function journal(w: Pick<TestWorker, 'dir'>): string[] {
  const file = join(w.dir, 'journal');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
}

/**
 * A run's history as text with every payload decoded: payload bytes arrive base64-encoded (or as
 * byte arrays), so searching the raw JSON would find nothing whatever it held.
 */
export function historyText(history: unknown): string {
  const decoder = new TextDecoder();
  return JSON.stringify(history, (key, value: unknown) => {
    if (value instanceof Uint8Array) return decoder.decode(value);
    if (key === 'data' && typeof value === 'string') {
      return Buffer.from(value, 'base64').toString('utf8');
    }
    return value;
  });
}
