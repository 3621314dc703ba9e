// The one way src/source/ runs git: no prompt, only the allowed protocols, none of the caller's
// GIT_* variables but the ssh and TLS ones (a stray GIT_DIR would point git at another
// repository), and output scrubbed of the credentials it was given.
import { execa } from 'execa';
import { type GitAuth, scrub } from './credentials.js';
import { ALLOWED_GIT_PROTOCOLS } from './repo-location.js';

/** The caller's GIT_* variables git still sees: how to reach the origin, nothing about repos. */
const INHERITED_GIT_VARIABLES = new Set([
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_SSH_VARIANT',
  'GIT_SSL_CAINFO',
  'GIT_SSL_CAPATH',
  'GIT_PROXY_COMMAND',
]);

export interface GitResult {
  readonly exitCode: number;
  readonly stdout: string;
  /** stderr with every secret of the call's credentials replaced by `***`. */
  readonly stderr: string;
}

/** Runs `git <args>` in `cwd`; never throws for a non-zero exit (read `exitCode`). */
export async function runGit(
  cwd: string,
  args: readonly string[],
  auth: GitAuth = { env: {}, secrets: [] },
): Promise<GitResult> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (!name.startsWith('GIT_') || INHERITED_GIT_VARIABLES.has(name)) env[name] = value;
  }
  const result = await execa('git', args, {
    cwd,
    reject: false,
    stdin: 'ignore',
    extendEnv: false,
    env: {
      ...env,
      GIT_TERMINAL_PROMPT: '0',
      GIT_ALLOW_PROTOCOL: ALLOWED_GIT_PROTOCOLS,
      // ssh must not ask either: a missing key fails instead of hanging the worker.
      GIT_SSH_COMMAND: env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes',
      ...auth.env,
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    exitCode: result.exitCode ?? -1,
    stdout: scrub(String(result.stdout), auth.secrets),
    stderr: scrub(String(result.stderr), auth.secrets).trim(),
  };
}
