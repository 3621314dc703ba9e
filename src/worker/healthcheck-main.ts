// The image's HEALTHCHECK: `node dist/worker/healthcheck-main.js`. An entry of its own that loads
// only health.ts, so a probe starts in a fraction of the time the whole CLI takes (which imports
// the Temporal SDK) and stays within the probe's timeout on a busy node. Same check as
// `runbook worker --healthcheck`.

import { homedir } from 'node:os';
import { join } from 'node:path';
import { checkHealth, healthFilePath } from './health.js';

const env = process.env;
const stateDir =
  env.RUNBOOK_HOME ??
  join(env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'runbook-runner');
try {
  const report = await checkHealth(healthFilePath(env, stateDir));
  process.stdout.write(`healthy: worker pid ${report.pid} polling "${report.taskQueue}"\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
