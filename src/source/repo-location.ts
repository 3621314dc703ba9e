// What RUNBOOK_REPO (or --repo) may name, and how it is shown: a clone URL every worker can
// fetch, or a path on this machine. Credentials never ride in the URL: a password or token in it
// is refused, since the URL is pinned into every run's history and written into the mirror's
// git config.
import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { SourceError, SourceErrorCode } from './errors.js';

/** A source repository as given, validated. */
export interface RepoLocation {
  /** `url` for https/http/ssh/git/file and scp-like `user@host:path`; `path` for a local folder. */
  readonly kind: 'url' | 'path';
  /** What git fetches and what a run pins: the URL as given, or the absolute path. */
  readonly location: string;
  /** The `scheme://host[:port]` credentials are scoped to (https/http only). */
  readonly httpOrigin?: string;
}

const URL_SCHEMES = new Set(['https:', 'http:', 'ssh:', 'git:', 'file:']);
/** `user@host:path` (git's scp-like syntax): no `://`, a colon before the first slash. */
const SCP_LIKE = /^(?:[A-Za-z0-9._~-]+@)?[A-Za-z0-9.-]+:(?!\/\/)[^\0]+$/;
/** The protocols git may use for a source repository (`GIT_ALLOW_PROTOCOL`). */
export const ALLOWED_GIT_PROTOCOLS = 'https:http:ssh:git:file';

function refuse(given: string, why: string): never {
  throw new SourceError(
    SourceErrorCode.invalidRepository,
    `the source repository "${displayRepo(given)}" is refused: ${why}`,
    displayRepo(given),
  );
}

/**
 * Validates `given` (RUNBOOK_REPO or --repo); a relative path is taken from `cwd`.
 *
 * @throws SourceError RB8001 for an empty value, one starting with `-`, a control character, a
 *   scheme other than https/http/ssh/git/file, a transport helper (`ext::…`), or a password or
 *   token inside the URL.
 */
export function parseRepoLocation(given: string, cwd: string): RepoLocation {
  const value = given.trim();
  if (value === '') refuse(given, 'it is empty; set RUNBOOK_REPO to a clone URL or a path');
  if (value.startsWith('-')) refuse(given, 'it starts with "-" and would be read as an option');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\0-\x1f\x7f]/.test(value)) refuse(given, 'it holds a control character');
  if (value.includes('::')) refuse(given, 'git transport helpers (`name::address`) are not used');
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(value)?.[1];
  if (scheme !== undefined) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      refuse(given, 'it is not a valid URL');
    }
    if (!URL_SCHEMES.has(url.protocol)) {
      refuse(given, `the scheme ${url.protocol} is not one of https, http, ssh, git, file`);
    }
    if (url.password !== '') {
      refuse(
        given,
        'it holds a password or token; put the token in RUNBOOK_REPO_TOKEN (or GITHUB_TOKEN) instead',
      );
    }
    const httpOrigin =
      url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
    return { kind: 'url', location: value, ...(httpOrigin === undefined ? {} : { httpOrigin }) };
  }
  if (!isAbsolute(value) && SCP_LIKE.test(value) && !value.startsWith('.')) {
    return { kind: 'url', location: value };
  }
  return { kind: 'path', location: resolve(cwd, value) };
}

/** Whether `value` is a clone URL (not a path): what a run pinned must be fetched from. */
export function looksLikeUrl(value: string): boolean {
  return (
    /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value) || (SCP_LIKE.test(value) && !isAbsolute(value))
  );
}

/** `given` without any `user:password@` part, for messages and logs. */
export function displayRepo(given: string): string {
  return given.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/@]*@/, '$1');
}

/** A folder name for the repository: stable for one location, distinct across locations. */
export function locationKey(location: string): string {
  return createHash('sha256').update(location).digest('hex').slice(0, 16);
}
