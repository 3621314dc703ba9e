import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { formatDiagnostic } from '../../src/runbook/diagnostics.js';
import type { JsonValue, RunbookDefinition } from '../../src/runbook/model.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { createRunbookWorker } from '../../src/worker/create-worker.js';
import { runbookWorkflow } from '../../src/workflows/runbook-workflow.js';
import type { RunbookRunInput, RunbookRunResult, RunTrigger } from '../../src/workflows/types.js';

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

export interface Harness {
  readonly dir: string;
  readonly worker: Worker;
  readonly taskQueue: string;
}

let counter = 0;

/** A worker with the real activities, logging into a fresh temp folder, on `env`. */
export async function startHarness(env: TestWorkflowEnvironment): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'rr-wf-'));
  const taskQueue = `runbooks-${process.pid}-${counter++}`;
  const worker = await createRunbookWorker({
    connection: env.nativeConnection,
    taskQueue,
    activities: {
      logDir: join(dir, 'logs'),
      checkoutCacheDir: join(dir, 'checkouts'),
      env: process.env,
    },
  });
  return { dir, worker, taskQueue };
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

/** Polls until `check` returns a value other than undefined/false (a readiness wait, never an assertion on time). */
export async function eventually<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  limitMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A workflow id unique within this process. */
export function runId(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now()}-${counter++}`;
}

/**
 * Runs one interpreter execution to its end on the harness's worker: resolves with the result,
 * or rejects with the run's failure (use `rejectionOf` + `resultOf` to read it).
 */
export function executeRun(
  env: TestWorkflowEnvironment,
  h: Harness,
  workflowId: string,
  input: RunbookRunInput,
): Promise<RunbookRunResult> {
  return h.worker.runUntil(
    env.client.workflow.execute(runbookWorkflow, {
      taskQueue: h.taskQueue,
      workflowId,
      args: [input],
    }),
  );
}

/** The lines steps appended to `journal` in the harness folder (empty when none did). */
export function journal(h: Harness): string[] {
  const file = join(h.dir, 'journal');
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
