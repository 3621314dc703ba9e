import { execFile, spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

/** A cold build: the Debian base with mmdebstrap, npm ci in the build stage, the bundle. */
export const IMAGE_BUILD_MS = 30 * 60_000;
/** A podman command other than a build or a wait. */
const PODMAN_MS = 120_000;

/** The cache scripts/lib/common.sh uses, where scripts/image keeps its containers.conf. */
function runbookCache(): string {
  return (
    process.env.RUNBOOK_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'runbook-runner')
  );
}

/** The environment podman runs with: scripts/image's private containers.conf (runc, rlimits). */
export function podmanEnv(): NodeJS.ProcessEnv {
  return { ...process.env, CONTAINERS_CONF: join(runbookCache(), 'image', 'containers.conf') };
}

/** Why the image tests cannot run here, or undefined when podman and buildah are installed. */
export function imageToolsMissing(): string | undefined {
  const missing = ['podman', 'buildah', 'mmdebstrap'].filter(
    (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0,
  );
  if (missing.length === 0) return undefined;
  return (
    `${missing.join(', ')} not installed and could not be: scripts/test installs them with ` +
    'apt-get (ensure_image_tools in scripts/lib/image.sh), which needs root on Debian'
  );
}

/**
 * Builds the image with scripts/image (which reuses an image of the same inputs) and returns
 * its reference, the script's last line.
 */
export async function buildImage(): Promise<string> {
  const { stdout } = await run('bash', [join(root, 'scripts', 'image')], {
    cwd: root,
    env: process.env,
    timeout: IMAGE_BUILD_MS,
    maxBuffer: 16 * 1024 * 1024,
  });
  const ref = stdout.trim().split('\n').at(-1);
  if (ref === undefined || ref === '') throw new Error('scripts/image printed no image reference');
  return ref;
}

/** `podman <args>`: its stdout, trimmed; rejects with its stderr when it fails. */
export async function podman(args: string[], timeoutMs = PODMAN_MS): Promise<string> {
  try {
    const { stdout } = await run('podman', args, { env: podmanEnv(), timeout: timeoutMs });
    return stdout.trim();
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`podman ${args.join(' ')} failed: ${stderr ?? (error as Error).message}`, {
      cause: error,
    });
  }
}

/** A container's output so far, stdout and stderr (`podman logs` keeps them apart). */
export async function podmanLogs(container: string): Promise<string> {
  const { stdout, stderr } = await run('podman', ['logs', container], {
    env: podmanEnv(),
    timeout: PODMAN_MS,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout + stderr;
}

/** The exit status of a command run by `podman exec` (no throw on non-zero). */
export async function podmanExec(
  container: string,
  command: string[],
): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run('podman', ['exec', container, ...command], {
      env: podmanEnv(),
      timeout: PODMAN_MS,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      output: (failed.stdout ?? '') + (failed.stderr ?? ''),
    };
  }
}
