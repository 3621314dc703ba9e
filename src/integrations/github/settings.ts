// How runbook-runner authenticates to GitHub, read from the environment: a GitHub App
// (GITHUB_APP_ID + GITHUB_APP_PRIVATE_KEY or GITHUB_APP_PRIVATE_KEY_FILE, optionally
// GITHUB_APP_INSTALLATION_ID) or a token (GITHUB_TOKEN). Messages name the setting to fix and
// never hold a key or a token.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { RunbookError } from '../../runbook/errors.js';

export type GithubAuthSettings =
  | { readonly kind: 'token'; readonly token: string }
  | {
      readonly kind: 'app';
      readonly appId: number;
      /** PEM (PKCS#1 or PKCS#8). */
      readonly privateKey: string;
      /** Absent: looked up per repository (`GET /repos/{owner}/{repo}/installation`). */
      readonly installationId?: number;
    };

/**
 * A GitHub setting is missing or malformed (RB8060). `setting` names the variable to fix; the
 * message never holds its value.
 */
export class GithubSettingsError extends RunbookError {
  readonly code = 'RB8060';
  readonly kind = 'environment' as const;
  constructor(
    message: string,
    readonly setting: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

const SETTINGS_HELP =
  'set GITHUB_TOKEN, or GITHUB_APP_ID with GITHUB_APP_PRIVATE_KEY (or GITHUB_APP_PRIVATE_KEY_FILE) for a GitHub App; see docs/github.md#github-steps';

function setting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = setting(env, name);
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]{0,15}$/.test(value)) {
    throw new GithubSettingsError(
      `${name} must be a positive whole number (the id GitHub shows for it), not ${JSON.stringify(value.slice(0, 40))}`,
      name,
    );
  }
  return Number(value);
}

/** The App's private key from GITHUB_APP_PRIVATE_KEY (PEM, `\n` escapes allowed) or its file. */
function privateKeyOf(env: NodeJS.ProcessEnv): string {
  const inline = setting(env, 'GITHUB_APP_PRIVATE_KEY');
  const file = setting(env, 'GITHUB_APP_PRIVATE_KEY_FILE');
  if (inline !== undefined && file !== undefined) {
    throw new GithubSettingsError(
      'both GITHUB_APP_PRIVATE_KEY and GITHUB_APP_PRIVATE_KEY_FILE are set; unset one of them',
      'GITHUB_APP_PRIVATE_KEY_FILE',
    );
  }
  let pem: string;
  let name: string;
  if (inline !== undefined) {
    // A .env file or a Kubernetes Secret often carries the key on one line with `\n` escapes.
    pem = inline.includes('\\n') ? inline.replace(/\\n/g, '\n') : inline;
    name = 'GITHUB_APP_PRIVATE_KEY';
  } else if (file !== undefined) {
    name = 'GITHUB_APP_PRIVATE_KEY_FILE';
    try {
      pem = readFileSync(file, 'utf8');
    } catch (error) {
      throw new GithubSettingsError(
        `GITHUB_APP_PRIVATE_KEY_FILE ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); mount the App's private key there or fix the path`,
        name,
        { cause: error },
      );
    }
  } else {
    throw new GithubSettingsError(
      'GITHUB_APP_ID is set but the App has no private key: set GITHUB_APP_PRIVATE_KEY (the PEM) or GITHUB_APP_PRIVATE_KEY_FILE (its path)',
      'GITHUB_APP_PRIVATE_KEY',
    );
  }
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`a ${key.asymmetricKeyType} key`);
  } catch (error) {
    // Never the key itself, nor the parser's message (which may quote it).
    throw new GithubSettingsError(
      `${name} does not hold an RSA private key in PEM form ("-----BEGIN RSA PRIVATE KEY-----" or "-----BEGIN PRIVATE KEY-----"); download the App's private key again from its settings page`,
      name,
      { cause: error instanceof Error ? new Error(error.name) : undefined },
    );
  }
  return pem;
}

/**
 * The GitHub credentials the environment configures. An App wins over GITHUB_TOKEN when
 * GITHUB_APP_ID is set (a CI job often has a GITHUB_TOKEN of its own).
 */
export function githubAuthSettings(env: NodeJS.ProcessEnv): GithubAuthSettings {
  const appId = positiveInt(env, 'GITHUB_APP_ID');
  if (appId !== undefined) {
    const installationId = positiveInt(env, 'GITHUB_APP_INSTALLATION_ID');
    return {
      kind: 'app',
      appId,
      privateKey: privateKeyOf(env),
      ...(installationId === undefined ? {} : { installationId }),
    };
  }
  for (const name of ['GITHUB_APP_PRIVATE_KEY', 'GITHUB_APP_PRIVATE_KEY_FILE'] as const) {
    if (setting(env, name) !== undefined) {
      throw new GithubSettingsError(`${name} is set but GITHUB_APP_ID is not; set it too`, name);
    }
  }
  const token = setting(env, 'GITHUB_TOKEN');
  if (token === undefined) {
    throw new GithubSettingsError(`GitHub is not configured: ${SETTINGS_HELP}`, 'GITHUB_TOKEN');
  }
  if (/\s/.test(token)) {
    throw new GithubSettingsError(
      'GITHUB_TOKEN holds whitespace inside it; set it to the token alone',
      'GITHUB_TOKEN',
    );
  }
  return { kind: 'token', token };
}
