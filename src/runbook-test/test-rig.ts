/**
 * One time-skipping test server with a worker running the real interpreter bundle and the mock
 * activities: where `runbook test` runs cases, one case at a time per rig (the server has one
 * virtual clock, so two cases on one server would move each other's time).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createCheckoutCache } from '../activities/checkout/checkout-cache.js';
import { createRunCommand } from '../activities/shell/run-command.js';
import { acquireLock } from '../activities/temporal/acquire-lock.js';
import { createVoteVerificationKeys } from '../activities/votes/vote-verification-keys.js';
import { createTimeSkippingEnv } from '../testing/test-environments.js';
import { createWorkerActivities } from '../worker/activities.js';
import { workflowsPath } from '../worker/create-worker.js';
import {
  createMockActivities,
  type INTERNAL_ACTIVITIES,
  MockBook,
  stepHeaderInterceptor,
} from './mock-activities.js';

/** A workflow interceptor module of this folder, as source under tsx or as built JavaScript. */
const interceptorModule = (name: string) =>
  fileURLToPath(
    new URL(`./${name}.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url),
  );

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/**
 * The interpreter (src/workflows/index.ts) with the step-header interceptor and the one that
 * keeps timers uncancelled on the test server (see its file for why); once per process.
 */
export function testWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules: [
      interceptorModule('step-header-interceptor'),
      interceptorModule('uncancelled-timers-interceptor'),
    ],
    logger: quietLogger,
  });
  return bundle;
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string, meta?: Record<string, unknown>) => console.error(message, meta ?? ''),
};

let names: readonly string[] | undefined;

/** Every activity name a real worker registers (built with inert settings, never called). */
export function workerActivityNames(): readonly string[] {
  if (names === undefined) {
    const scratch = mkdtempSync(join(tmpdir(), 'rr-test-names-'));
    try {
      names = Object.keys(
        createWorkerActivities({
          logDir: join(scratch, 'logs'),
          checkoutCacheDir: join(scratch, 'checkouts'),
          env: {},
        }),
      ).sort();
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return names;
}

export interface TestRig {
  readonly env: TestWorkflowEnvironment;
  readonly worker: Worker;
  readonly taskQueue: string;
  readonly book: MockBook;
  close(): Promise<void>;
}

let rigs = 0;

/** Starts a time-skipping server (the one scripts/install builds) and a worker on it. */
export async function startTestRig(options: { readonly env: NodeJS.ProcessEnv }): Promise<TestRig> {
  const scratch = mkdtempSync(join(tmpdir(), 'rr-test-'));
  // Bundling takes seconds, and so does starting the server: do both at once.
  const workflowBundle = testWorkflowBundle();
  const env = await createTimeSkippingEnv();
  const book = new MockBook();
  const taskQueue = `runbook-test-${process.pid}-${rigs++}`;
  const realRunCommand = createRunCommand({
    logDir: join(scratch, 'logs'),
    checkouts: createCheckoutCache({ cacheDir: join(scratch, 'checkouts') }),
    env: options.env,
  });
  const internal: Record<(typeof INTERNAL_ACTIVITIES)[number], unknown> = {
    acquireLock,
    // No RUNBOOK_VOTE_PUBLIC_KEYS: runs record no keys; the test's votes are plain CLI votes.
    voteVerificationKeys: createVoteVerificationKeys({ env: {} }),
  };
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle,
    activities: {
      ...createMockActivities({ book, names: workerActivityNames(), runCommand: realRunCommand }),
      ...(internal as Record<string, (...args: never[]) => Promise<unknown>>),
    },
    interceptors: { activity: [stepHeaderInterceptor] },
  });
  const running = worker.run();
  return {
    env,
    worker,
    taskQueue,
    book,
    async close() {
      worker.shutdown();
      await running.catch(() => undefined);
      await env.teardown();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
