/**
 * Which secret references a worker lets a run name: the worker setting
 * `RUNBOOK_SECRET_SOURCES`, a comma-separated list of `env:<PREFIX>` (variables whose name starts
 * with PREFIX; `env:` alone is every variable) and `file:<folder>` (files inside that folder).
 *
 * Why: a secret param's value is chosen by whoever starts the run (soon from Slack or a GitHub
 * comment). Without a list they could name `env:AWS_SECRET_ACCESS_KEY` or `file:/etc/shadow`
 * and have a step send it anywhere. Unset, the list is {@link DEFAULT_SECRET_SOURCES}: only
 * variables named `RUNBOOK_SECRET_*` and files mounted under /run/secrets or /var/run/secrets.
 */
import { posix } from 'node:path';

export interface SecretSources {
  /** Allowed `env:` name prefixes (`''` allows every name). */
  readonly envPrefixes: readonly string[];
  /** Allowed folders for `file:` references, absolute and normalized. */
  readonly fileFolders: readonly string[];
  /** The setting as written, for messages. */
  readonly text: string;
}

/** The worker setting's name. */
export const SECRET_SOURCES_VARIABLE = 'RUNBOOK_SECRET_SOURCES';

/** The list when the setting is unset. */
export const DEFAULT_SECRET_SOURCES = 'env:RUNBOOK_SECRET_,file:/run/secrets,file:/var/run/secrets';

/** Parses the setting; throws an Error naming the bad entry (the worker refuses to start). */
export function parseSecretSources(text: string): SecretSources {
  const envPrefixes: string[] = [];
  const fileFolders: string[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    if (entry.startsWith('env:')) {
      const prefix = entry.slice('env:'.length);
      if (!/^[A-Za-z0-9_]*$/.test(prefix)) {
        throw new Error(`${SECRET_SOURCES_VARIABLE}: "${entry}" is not env:<NAME_PREFIX>`);
      }
      envPrefixes.push(prefix);
    } else if (entry.startsWith('file:')) {
      const folder = entry.slice('file:'.length);
      if (!posix.isAbsolute(folder)) {
        throw new Error(`${SECRET_SOURCES_VARIABLE}: "${entry}" must name an absolute folder`);
      }
      fileFolders.push(posix.normalize(folder));
    } else {
      throw new Error(
        `${SECRET_SOURCES_VARIABLE}: "${entry}" must start with env: or file: (e.g. env:APP_,file:/run/secrets)`,
      );
    }
  }
  return { envPrefixes, fileFolders, text };
}

/** The worker's list from its environment, or the default when the setting is unset. */
export function secretSourcesFromEnv(env: NodeJS.ProcessEnv): SecretSources {
  return parseSecretSources(env[SECRET_SOURCES_VARIABLE] ?? DEFAULT_SECRET_SOURCES);
}

/** Whether `reference` (`env:NAME`, `file:/path`) is inside the list. */
export function isAllowedSecretSource(reference: string, sources: SecretSources): boolean {
  if (reference.startsWith('env:')) {
    const name = reference.slice('env:'.length);
    return sources.envPrefixes.some((prefix) => name.startsWith(prefix));
  }
  if (reference.startsWith('file:')) {
    const path = reference.slice('file:'.length);
    if (!posix.isAbsolute(path)) return false;
    const normal = posix.normalize(path);
    return sources.fileFolders.some((folder) => {
      const rel = posix.relative(folder, normal);
      return rel !== '' && !rel.startsWith('..') && !posix.isAbsolute(rel);
    });
  }
  return false;
}
