// The process entry point: the only module that touches process.exitCode.

import { processIO } from './io.js';
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), processIO());
