// Loaded before every test file (see scripts/test): keeps the Temporal SDK's own INFO logs out of
// the test output so that failures stay readable. Set RUNBOOK_TEST_LOG=INFO to see them.
import { DefaultLogger, type LogLevel, Runtime } from '@temporalio/worker';

const level = (process.env.RUNBOOK_TEST_LOG ?? 'WARN') as LogLevel;
Runtime.install({ logger: new DefaultLogger(level) });
