import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where runbook-runner keeps local state: the embedded dev server's SQLite file, full step logs,
 * and pinned checkouts. `RUNBOOK_HOME` overrides it (tests point it at a temp folder).
 */
export function stateDir(env: NodeJS.ProcessEnv): string {
  return (
    env.RUNBOOK_HOME ??
    join(env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'runbook-runner')
  );
}

export function logDir(env: NodeJS.ProcessEnv): string {
  return env.RUNBOOK_LOG_DIR ?? join(stateDir(env), 'logs');
}

export function checkoutCacheDir(env: NodeJS.ProcessEnv): string {
  return join(stateDir(env), 'checkouts');
}

export function devServerDir(env: NodeJS.ProcessEnv): string {
  return join(stateDir(env), 'dev-server');
}
