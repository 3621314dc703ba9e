// `runbook worker`: a long-running worker for the interpreter and every step activity.
import { describeEncryption } from '../../codec/data-converter.js';
import { githubTokenProvider } from '../../integrations/github/auth.js';
import { displayRepo } from '../../source/repo-location.js';
import { flushTracing } from '../../telemetry/tracing-runtime.js';
import { createRunbookWorker, workflowBundleSource } from '../../worker/create-worker.js';
import { workerDeploymentFromEnv } from '../../worker/deployment.js';
import { checkHealth, healthFilePath, startHealthReports } from '../../worker/health.js';
import { installRuntime } from '../../worker/runtime.js';
import { describeShutdownPlan, shutdownPlanFromEnv } from '../../worker/shutdown.js';
import type { Command } from '../io.js';
import { resolveConnection } from '../support/connection.js';
import { connectionOptions, parseFlags } from '../support/flags.js';
import { connectWorker } from '../support/local-worker.js';
import { checkoutCacheDir, logDir, mirrorCacheDir, stateDir } from '../support/paths.js';
import { workerSecretSources } from '../support/secret-sources.js';
import { cliSourceSettings } from '../support/source-settings.js';

const HELP = `Usage: runbook worker [--address host:port] [--namespace ns] [--task-queue q] [--identity name]
       runbook worker --healthcheck

Polls the task queue and runs runbooks until SIGINT/SIGTERM. Then it takes no new work, lets
running steps finish for most of RUNBOOK_SHUTDOWN_GRACE (default 30s), cancels the rest (a
command gets SIGTERM, then SIGKILL; the step is retried on another worker) and exits within the
grace. Full step logs go to RUNBOOK_LOG_DIR. With no address configured it uses the embedded dev
server. With RUNBOOK_METRICS_ADDRESS=host:port it serves Prometheus metrics at /metrics
(docs/metrics.md).

A run pinned to a clone URL is fetched commit by commit into this worker's own mirror
($RUNBOOK_HOME/mirrors) and checked out from there. RUNBOOK_REPO names the source repository
whose token (RUNBOOK_REPO_TOKEN or GITHUB_TOKEN) is used for its https origin.

Settings read from the environment besides the connection: RUNBOOK_SECRET_SOURCES (secrets runs
may name), RUNBOOK_VOTE_PUBLIC_KEYS (keys that verify votes signed by runbook server; see
docs/security.md#verified-votes), SLACK_BOT_TOKEN and SLACK_API_URL (slack.* steps),
RUNBOOK_SHUTDOWN_GRACE, RUNBOOK_WORKFLOW_BUNDLE (a prebuilt interpreter bundle; see
docs/image.md) and RUNBOOK_HEALTH_FILE (default $RUNBOOK_HOME/worker-health.json).

--healthcheck  exits 0 when the worker using the same health file is running and polling (for
               a container HEALTHCHECK or an exec probe), 1 with the reason otherwise.

Worker Deployment Versioning (docs/versioning.md#worker-deployments): RUNBOOK_DEPLOYMENT_NAME
makes this a versioned worker of that deployment, with build id RUNBOOK_BUILD_ID (default: the
image tag RUNBOOK_IMAGE_TAG, else the git commit of this checkout). A versioned worker gets no new
runs until its version is made current or ramping (\`runbook workers promote <build-id>\`).
Unset, the worker is unversioned and takes every run of its task queue.
`;

export const workerCommand: Command = async (args, io) => {
  const { values } = parseFlags(
    {
      args: [...args],
      options: {
        identity: { type: 'string' },
        healthcheck: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        ...connectionOptions,
      },
    },
    HELP,
  );
  if (values.help === true) {
    io.stdout.write(HELP);
    return 0;
  }
  const health = healthFilePath(io.env, stateDir(io.env));
  if (values.healthcheck === true) {
    const report = await checkHealth(health);
    io.stdout.write(`healthy: worker pid ${report.pid} polling "${report.taskQueue}"\n`);
    return 0;
  }
  // Read before connecting, so a bad setting stops the worker before it takes any work.
  const shutdown = shutdownPlanFromEnv(io.env);
  const bundle = workflowBundleSource(io.env);
  const runtime = installRuntime(io.env);
  const deployment = workerDeploymentFromEnv(io.env);
  // With a GitHub App, the worker fetches the source repository with its installation token.
  const source = cliSourceSettings(
    io,
    undefined,
    io.env.GITHUB_APP_ID === undefined ? undefined : githubTokenProvider(io.env),
  );
  const settings = await resolveConnection(io, {
    address: values.address,
    namespace: values.namespace,
    taskQueue: values['task-queue'],
  });
  const connection = await connectWorker(settings);
  try {
    const worker = await createRunbookWorker({
      connection,
      namespace: settings.namespace,
      taskQueue: settings.taskQueue,
      ...(values.identity === undefined ? {} : { identity: values.identity }),
      bundle,
      shutdown,
      ...(deployment === undefined ? {} : { deployment }),
      activities: {
        logDir: logDir(io.env),
        checkoutCacheDir: checkoutCacheDir(io.env),
        mirrorCacheDir: mirrorCacheDir(io.env),
        ...(source === undefined ? {} : { source }),
        env: io.env,
        secretSources: workerSecretSources(io.env),
        killGraceMs: shutdown.killGraceMs,
      },
    });
    io.stderr.write(
      `worker polling "${settings.taskQueue}" on ${settings.address} (namespace ${settings.namespace}); logs in ${logDir(io.env)}\n`,
    );
    // Says when payloads go to history unencrypted, and how to change that (docs/encryption.md).
    io.stderr.write(`${describeEncryption(io.env)}\n`);
    if (runtime.metrics !== undefined) io.stderr.write(`metrics: ${runtime.metrics.url}\n`);
    if (deployment !== undefined) {
      const { deploymentName, buildId } = deployment.version;
      io.stderr.write(
        `versioned worker: deployment ${deploymentName}, build id ${buildId} (from ${deployment.buildIdSource}); it gets runs once this version is current or ramping\n`,
      );
    }
    if (source !== undefined) {
      io.stderr.write(
        `source repository ${displayRepo(source.location.location)}; mirrors in ${source.cacheDir}\n`,
      );
    }
    if (settings.embedded !== undefined) io.stderr.write(`Web UI: ${settings.embedded.uiUrl}\n`);
    io.stderr.write(
      `interpreter bundle: ${bundle.kind === 'prebuilt' ? bundle.codePath : 'bundled at start'}; ` +
        `on SIGTERM: ${describeShutdownPlan(shutdown)}\n`,
    );
    // The SDK's runtime turns SIGINT/SIGTERM into worker.shutdown(); the drain and the cancel
    // that follow are the shutdown plan's (shutdownGraceTime, shutdownForceTime).
    const onSignal = (signal: NodeJS.Signals) =>
      io.stderr.write(`${signal}: shutting down; ${describeShutdownPlan(shutdown)}\n`);
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
    const reports = startHealthReports(health, () => ({
      state: worker.getState(),
      taskQueue: settings.taskQueue,
    }));
    try {
      await worker.run();
    } finally {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      await reports.stop();
    }
    // The spans of the last steps are still in the batch; export them before the process ends.
    await flushTracing();
    io.stderr.write('worker stopped\n');
    return 0;
  } finally {
    await connection.close();
  }
};
