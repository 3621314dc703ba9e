import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where runbook-runner keeps local state: the embedded dev server's SQLite file, full step logs,
 * pinned checkouts and mirrors of source repositories. `RUNBOOK_HOME` overrides it (tests point it at a temp folder).
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

/** Where the mirrors of source repositories (RUNBOOK_REPO, and URLs runs are pinned to) live. */
export function mirrorCacheDir(env: NodeJS.ProcessEnv): string {
  return join(stateDir(env), 'mirrors');
}

export function devServerDir(env: NodeJS.ProcessEnv): string {
  return join(stateDir(env), 'dev-server');
}
