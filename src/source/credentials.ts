// How a token reaches git: as an `http.<origin>/.extraHeader` set through GIT_CONFIG_* variables
// of the one git process that needs it. Never in argv (visible in `ps`), never in a URL, never in
// a git config file (a worktree of the mirror would inherit it), never in a message.
import { SourceError, SourceErrorCode } from './errors.js';
import type { RepoLocation } from './repo-location.js';

/** Where a source repository's token comes from; the provider wins and is asked per fetch. */
export interface SourceCredentials {
  /** A fixed token (RUNBOOK_REPO_TOKEN or GITHUB_TOKEN). */
  readonly token?: string;
  /** A token minted on demand (a GitHub App installation token); called before each fetch. */
  readonly tokenProvider?: () => Promise<string>;
}

/** What a git process needs to authenticate, and the strings to scrub from its output. */
export interface GitAuth {
  readonly env: Readonly<Record<string, string>>;
  readonly secrets: readonly string[];
}

const NO_AUTH: GitAuth = { env: {}, secrets: [] };
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The token's environment for one git call against `location`: only for an https origin (or
 * http on a loopback address, for tests), scoped by git to that origin so a redirect or a
 * submodule elsewhere never receives it.
 *
 * @throws SourceError RB8008 when the token provider fails or returns an empty token.
 */
export async function gitAuth(
  location: RepoLocation,
  credentials: SourceCredentials,
): Promise<GitAuth> {
  const origin = location.httpOrigin;
  if (origin === undefined) return NO_AUTH;
  const url = new URL(origin);
  if (url.protocol !== 'https:' && !LOOPBACK.has(url.hostname)) return NO_AUTH;
  let token = credentials.token;
  if (credentials.tokenProvider !== undefined) {
    try {
      token = await credentials.tokenProvider();
    } catch (error) {
      throw new SourceError(
        SourceErrorCode.tokenUnavailable,
        `could not get a token for ${origin}: ${(error as Error).message ?? String(error)}`,
        origin,
        { cause: error },
      );
    }
    if (token === '') {
      throw new SourceError(
        SourceErrorCode.tokenUnavailable,
        `the token provider returned an empty token for ${origin}`,
        origin,
      );
    }
  }
  if (token === undefined || token === '') return NO_AUTH;
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return {
    env: {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: `http.${origin}/.extraHeader`,
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
    },
    secrets: [token, basic],
  };
}

/** `text` with every secret replaced by `***`. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join('***');
  }
  return out;
}
