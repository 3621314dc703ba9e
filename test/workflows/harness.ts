import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { formatDiagnostic } from '../../src/runbook/diagnostics.js';
import type { JsonValue, RunbookDefinition } from '../../src/runbook/model.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { createRunbookWorker } from '../../src/worker/create-worker.js';
import type { RunbookRunInput, RunTrigger } from '../../src/workflows/types.js';

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
