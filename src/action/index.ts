// The action's entry (bundled to dist/action/index.js; action.yml runs it with node20).
import { runAction } from './run-action.js';
import { workflowCommand } from './workflow-commands.js';

try {
  process.exitCode = await runAction({
    env: process.env,
    log: (line) => process.stdout.write(`${line}\n`),
  });
} catch (error) {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stdout.write(
    `${workflowCommand('error', { title: 'internal error' }, `runbook-runner's action failed unexpectedly; this is a bug, please report it with this log:\n${detail}`)}\n`,
  );
  process.exitCode = 1;
}
