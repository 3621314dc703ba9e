import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RunbookError } from '../runbook/errors.js';

/** The repository root (this file lives in src/testing/ or dist/testing/). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Pinned versions, read from the same file the install scripts use. */
export function pinnedVersions(): Readonly<Record<string, string>> {
  const text = readFileSync(join(repoRoot, 'scripts', 'versions.env'), 'utf8');
  const versions: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) versions[match[1]] = match[2];
  }
  return versions;
}

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return (
    env.RUNBOOK_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'runbook-runner')
  );
}

/**
 * Thrown when a binary that `scripts/install` builds (the Temporal CLI, the time-skipping test
 * server) is not at its path. `piece` names it, `path` is where it was looked for.
 */
export class ToolchainMissingError extends RunbookError {
  readonly code = 'ToolchainMissing';
  readonly kind = 'environment';
  constructor(
    readonly piece: string,
    readonly path: string,
    /** What builds it. */
    readonly fix = 'Run `bash scripts/install` (or scripts/demo / scripts/test, which run it) to build it into the cache.',
  ) {
    super(`${piece} was not found at ${path}. ${fix}`);
  }
}

function requireVersion(name: string): string {
  const version = pinnedVersions()[name];
  if (version === undefined) throw new Error(`scripts/versions.env has no ${name}; this is a bug`);
  return version;
}

/** The `temporal` CLI built by scripts/install, or `$TEMPORAL_CLI_BIN` when set. */
export function temporalCliPath(env: NodeJS.ProcessEnv = process.env): string {
  const path =
    env.TEMPORAL_CLI_BIN ??
    join(cacheDir(env), 'temporal-cli', requireVersion('TEMPORAL_CLI_VERSION'), 'temporal');
  if (!existsSync(path)) throw new ToolchainMissingError('The Temporal CLI', path);
  return path;
}

/** The launcher of Temporal's time-skipping test server (a JVM), built by scripts/install. */
export function testServerPath(env: NodeJS.ProcessEnv = process.env): string {
  const path =
    env.TEST_SERVER_BIN ??
    join(
      cacheDir(env),
      'temporal-test-server',
      requireVersion('TEMPORAL_TEST_SERVER_VERSION'),
      'temporal-test-server',
    );
  if (!existsSync(path))
    throw new ToolchainMissingError("Temporal's time-skipping test server", path);
  return path;
}

/** actionlint, built by scripts/actionlint (and scripts/test), or `$ACTIONLINT_BIN` when set. */
export function actionlintPath(env: NodeJS.ProcessEnv = process.env): string {
  const path =
    env.ACTIONLINT_BIN ??
    join(cacheDir(env), 'actionlint', requireVersion('ACTIONLINT_VERSION'), 'actionlint');
  if (!existsSync(path)) {
    throw new ToolchainMissingError(
      'actionlint',
      path,
      'Run `scripts/actionlint` (or scripts/test, which runs it) to build it into the cache.',
    );
  }
  return path;
}

/** Helm 3, built by scripts/helm (and scripts/test, which runs it), or `$HELM_BIN` when set. */
export function helmPath(env: NodeJS.ProcessEnv = process.env): string {
  const path = env.HELM_BIN ?? join(cacheDir(env), 'helm', requireVersion('HELM_VERSION'), 'helm');
  if (!existsSync(path)) {
    throw new ToolchainMissingError(
      'Helm',
      path,
      'Run `scripts/helm version` (or scripts/test, which builds it) to build it into the cache.',
    );
  }
  return path;
}
