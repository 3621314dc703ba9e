// Loaded before every test file (see scripts/test): keeps the Temporal SDK's own INFO logs out of
// the test output so that failures stay readable. Set RUNBOOK_TEST_LOG=INFO to see them.
// Plain JavaScript on purpose: Node also preloads it in the worker threads that Temporal's
// workflow sandbox runs in, where TypeScript loaders may not be registered yet.
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  const { DefaultLogger, Runtime } = await import('@temporalio/worker');
  Runtime.install({ logger: new DefaultLogger(process.env.RUNBOOK_TEST_LOG ?? 'WARN') });
}
