import { DefaultLogger, type LogLevel, Runtime } from '@temporalio/worker';

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
let installed = false;

/**
 * Installs the SDK runtime once, logging at `RUNBOOK_LOG_LEVEL` (default WARN: the worker's
 * lifecycle chatter would drown the progress a person is watching).
 */
export function installRuntime(env: NodeJS.ProcessEnv, defaultLevel: LogLevel = 'WARN'): void {
  if (installed) return;
  installed = true;
  const wanted = env.RUNBOOK_LOG_LEVEL?.toUpperCase();
  const level = LEVELS.find((l) => l === wanted) ?? defaultLevel;
  Runtime.install({ logger: new DefaultLogger(level) });
}
