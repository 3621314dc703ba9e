import { dirname, join } from 'node:path';
import { createCheckoutCache } from '../activities/checkout/checkout-cache.js';
import { createGithubActivities } from '../activities/github/create-github-activities.js';
import { createHttpRequest } from '../activities/http/http-request.js';
import { createKubernetesActivities } from '../activities/kubernetes/create-kubernetes-activities.js';
import type { KubeConfigSource } from '../activities/kubernetes/kubeconfig.js';
import type { SecretSources } from '../activities/secret-sources.js';
import type { CommandWorkdir } from '../activities/shell/run-command.js';
import { createRunCommand } from '../activities/shell/run-command.js';
import { createSlackActivities } from '../activities/slack/messages.js';
import { acquireLock } from '../activities/temporal/acquire-lock.js';
import { createTemporalActivities } from '../activities/temporal/deployment-activities.js';
import {
  createVoteVerificationKeys,
  readVoteVerificationKeys,
} from '../activities/votes/vote-verification-keys.js';
import { createMirrorSet } from '../source/mirror-set.js';
import type { SourceSettings } from '../source/settings.js';
import { measuredCheckouts } from './checkout-metrics.js';

export interface WorkerActivityDeps {
  /** Where full step logs go (`runbook logs` reads them). */
  readonly logDir: string;
  /** Where pinned checkouts (git worktrees, one per commit) are kept. */
  readonly checkoutCacheDir: string;
  /**
   * Where this worker's mirrors of clone URLs are kept (default: `mirrors` beside the checkout
   * cache); a run pinned to a URL is fetched through them, commit by commit.
   */
  readonly mirrorCacheDir?: string;
  /** RUNBOOK_REPO and its token: credentials for its origin, and the stand-in for a path not here. */
  readonly source?: SourceSettings;
  readonly env: NodeJS.ProcessEnv;
  readonly kubernetes?: KubeConfigSource;
  /**
   * Which secret references runs may name (see secret-sources.ts). `runbook worker` and the
   * local workers pass the RUNBOOK_SECRET_SOURCES setting; absent: no restriction (tests).
   */
  readonly secretSources?: SecretSources;
  /**
   * Time a cancelled `run:` step's processes get between SIGTERM and SIGKILL; default
   * KILL_GRACE_MS. `runbook worker` shortens it to fit its shutdown grace (shutdown.ts).
   */
  readonly killGraceMs?: number;
}

/**
 * Every activity a runbook worker offers, wired to real clients. Kubernetes activities receive
 * the run's `workdir` from the interpreter and get the pinned checkout's path instead, so that
 * `kubernetes.apply` can read manifests from the commit being run.
 */
export function createWorkerActivities(deps: WorkerActivityDeps) {
  // A RUNBOOK_VOTE_PUBLIC_KEYS the worker cannot read stops it here, naming the setting, rather
  // than failing the first approval step of some run later.
  readVoteVerificationKeys(deps.env);
  const mirrors = createMirrorSet({
    cacheDir: deps.mirrorCacheDir ?? join(dirname(deps.checkoutCacheDir), 'mirrors'),
    ...(deps.source === undefined ? {} : { configured: deps.source }),
  });
  const checkouts = measuredCheckouts(
    createCheckoutCache({ cacheDir: deps.checkoutCacheDir, mirrors }),
  );
  const kubernetes = createKubernetesActivities(deps.kubernetes ?? {});
  /** The runbook's folder (where `file:` resolves) and the checkout it may not leave. */
  const resolveDirs = async (
    workdir: CommandWorkdir | undefined,
  ): Promise<{ checkoutDir: string; checkoutRoot: string } | undefined> => {
    if (workdir === undefined) return undefined;
    if ('dir' in workdir) return { checkoutDir: workdir.dir, checkoutRoot: workdir.dir };
    const checkout = await checkouts.ensureCheckout({
      repoPath: workdir.repoPath,
      commit: workdir.commit,
    });
    const dir = workdir.subdir === undefined ? checkout : join(checkout, workdir.subdir);
    return { checkoutDir: dir, checkoutRoot: checkout };
  };
  const withCheckout =
    <I, R>(activity: (input: I) => Promise<R>, needsDir: boolean) =>
    async (input: I & { workdir?: CommandWorkdir }): Promise<R> => {
      const { workdir, ...rest } = input;
      if (!needsDir) return activity(rest as I);
      const dirs = await resolveDirs(workdir);
      return activity({ ...rest, ...(dirs ?? {}) } as I);
    };
  const wrapped: Record<string, unknown> = {};
  for (const [name, activity] of Object.entries(kubernetes)) {
    wrapped[name] =
      name === 'kubernetesUndo'
        ? activity
        : withCheckout(activity as (i: unknown) => Promise<unknown>, name === 'kubernetesApply');
  }
  return {
    acquireLock,
    runCommand: createRunCommand({
      logDir: deps.logDir,
      checkouts,
      env: deps.env,
      ...(deps.secretSources === undefined ? {} : { secretSources: deps.secretSources }),
      ...(deps.killGraceMs === undefined ? {} : { killGraceMs: deps.killGraceMs }),
    }),
    httpRequest: createHttpRequest({
      env: deps.env,
      ...(deps.secretSources === undefined ? {} : { secretSources: deps.secretSources }),
    }),
    voteVerificationKeys: createVoteVerificationKeys({ env: deps.env }),
    ...createSlackActivities({ env: deps.env }),
    ...(wrapped as typeof kubernetes),
    ...createGithubActivities({ env: deps.env }),
    ...createTemporalActivities(),
  };
}
