// The process entry point: the only module that touches process.exitCode.

import { flushTracing } from '../telemetry/tracing-runtime.js';
import { processIO } from './io.js';
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), processIO());
// Spans still in the batch (a `runbook run`'s root span) are lost if the process ends first.
await flushTracing();
