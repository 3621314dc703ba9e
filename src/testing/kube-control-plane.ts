/**
 * A real local Kubernetes control plane for tests and the demo: etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler and kwok (one fake node), started by `scripts/kube-up`
 * from binaries built with Go into the cache (see docs/kubernetes.md).
 *
 * ```ts
 * const kube = await startKubeControlPlane();
 * after(() => kube.stop());
 * // kube.kubeconfigPath is an admin (system:masters) kubeconfig
 * ```
 *
 * Teardown is guaranteed three ways: `stop()`, exit/signal handlers of this process, and a
 * watchdog that `kube-up` starts which stops everything once this process is gone (even after
 * SIGKILL). Set `RUNBOOK_TEST_KUBECONFIG` to use an already running cluster instead; `stop()` then
 * leaves it alone.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RunbookError } from '../runbook/errors.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const kubeUp = join(repoRoot, 'scripts', 'kube-up');
const kubeDown = join(repoRoot, 'scripts', 'kube-down');
const kubeBuild = join(repoRoot, 'scripts', 'kube', 'build.sh');

/** How long `kube-up` may take once the binaries are built. */
export const KUBE_START_TIMEOUT_MS = 180_000;
/** How long building the binaries may take (about 10 minutes on 2 cores from an empty cache). */
export const KUBE_BUILD_TIMEOUT_MS = 45 * 60_000;
const KUBE_BINARIES = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kwok',
];

export interface KubeControlPlane {
  /** An admin kubeconfig (client certificate in `system:masters`), context `runbook-local`. */
  readonly kubeconfigPath: string;
  /** Where pids, logs, certificates and the kubeconfig live; undefined for an external cluster. */
  readonly runDir: string | undefined;
  /** Stops every process of this control plane. Safe to call more than once. */
  stop(): Promise<void>;
}

/** The versions pinned in `scripts/kube/versions.env` (KUBERNETES_VERSION, ETCD_VERSION, KWOK_VERSION). */
export function kubeVersions(): Readonly<Record<string, string>> {
  const text = readFileSync(join(repoRoot, 'scripts', 'kube', 'versions.env'), 'utf8');
  const versions: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+)=(\S*)/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) versions[match[1]] = match[2];
  }
  return versions;
}

/** `$RUNBOOK_CACHE/kube/<versions>/bin`: where `scripts/kube/build.sh` puts the binaries. */
export function kubeBinDir(env: NodeJS.ProcessEnv = process.env): string {
  const v = kubeVersions();
  const cache =
    env.RUNBOOK_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'runbook-runner');
  const key = `k8s-${v.KUBERNETES_VERSION}_etcd-${v.ETCD_VERSION}_kwok-${v.KWOK_VERSION}`;
  return join(cache, 'kube', key, 'bin');
}

/** Thrown when `scripts/kube-up` fails or does not finish; `output` is the tail of its output. */
export class KubeControlPlaneError extends RunbookError {
  readonly code = 'KubeControlPlaneFailed';
  readonly kind = 'environment';
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(`${message}\n--- scripts/kube-up output (tail) ---\n${output}`);
  }
}

const running = new Set<string>();
let hooksInstalled = false;

function stopSync(runDir: string): void {
  spawnSync('bash', [kubeDown, runDir], { stdio: 'ignore' });
  running.delete(runDir);
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once('exit', () => {
    for (const runDir of running) stopSync(runDir);
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const runDir of running) stopSync(runDir);
      process.kill(process.pid, signal);
    });
  }
}

export async function startKubeControlPlane(
  options: { readonly timeoutMs?: number; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<KubeControlPlane> {
  const env = options.env ?? process.env;
  const external = env.RUNBOOK_TEST_KUBECONFIG;
  if (external) return { kubeconfigPath: external, runDir: undefined, stop: async () => {} };

  installHooks();
  const binDir = kubeBinDir(env);
  if (!KUBE_BINARIES.every((b) => existsSync(join(binDir, b)))) {
    // Built once per machine and version set; progress goes to stderr so a first run shows why
    // it takes minutes. build.sh takes a lock, so parallel test files build once.
    const build = spawn('bash', [kubeBuild], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    const timer = setTimeout(() => build.kill('SIGTERM'), KUBE_BUILD_TIMEOUT_MS);
    const code = await new Promise<number | null>((resolve) => build.once('close', resolve));
    clearTimeout(timer);
    if (code !== 0) {
      throw new KubeControlPlaneError(
        `scripts/kube/build.sh ${code === null ? `did not finish within ${KUBE_BUILD_TIMEOUT_MS} ms` : `exited with ${code}`}`,
        'see the build output above',
      );
    }
  }
  const child = spawn('bash', [kubeUp], {
    env: { ...env, KUBE_OWNER_PID: String(process.pid) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    output += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    if (env.RUNBOOK_KUBE_VERBOSE) process.stderr.write(chunk);
  });
  const timeoutMs = options.timeoutMs ?? KUBE_START_TIMEOUT_MS;
  const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  const tail = output.split('\n').slice(-40).join('\n');
  const runDir = /run dir: (\S+)/.exec(output)?.[1];
  const kubeconfigPath = /^KUBECONFIG=(.+)$/m.exec(stdout)?.[1];
  if (code !== 0 || kubeconfigPath === undefined || runDir === undefined) {
    if (runDir !== undefined) stopSync(runDir);
    throw new KubeControlPlaneError(
      code === null
        ? `scripts/kube-up did not finish within ${timeoutMs} ms`
        : `scripts/kube-up exited with ${code}`,
      tail,
    );
  }
  running.add(runDir);
  let stopped: Promise<void> | undefined;
  return {
    kubeconfigPath,
    runDir,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        const down = spawn('bash', [kubeDown, runDir], { stdio: 'ignore' });
        down.once('close', () => {
          running.delete(runDir);
          resolve();
        });
      });
      return stopped;
    },
  };
}
