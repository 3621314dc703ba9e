// `runbook worker`: a long-running worker for the interpreter and every step activity.
import { githubTokenProvider } from '../../integrations/github/auth.js';
import { displayRepo } from '../../source/repo-location.js';
import { createRunbookWorker } from '../../worker/create-worker.js';
import { workerDeploymentFromEnv } from '../../worker/deployment.js';
import { installRuntime } from '../../worker/runtime.js';
import type { Command } from '../io.js';
import { resolveConnection } from '../support/connection.js';
import { connectionOptions, parseFlags } from '../support/flags.js';
import { connectWorker } from '../support/local-worker.js';
import { checkoutCacheDir, logDir, mirrorCacheDir } from '../support/paths.js';
import { workerSecretSources } from '../support/secret-sources.js';
import { cliSourceSettings } from '../support/source-settings.js';

const HELP = `Usage: runbook worker [--address host:port] [--namespace ns] [--task-queue q] [--identity name]

Polls the task queue and runs runbooks until SIGINT/SIGTERM, then finishes what it holds and
exits (running steps are cancelled cleanly and resume on another worker). Full step logs go to
RUNBOOK_LOG_DIR. With no address configured it uses the embedded dev server.

A run pinned to a clone URL is fetched commit by commit into this worker's own mirror
($RUNBOOK_HOME/mirrors) and checked out from there. RUNBOOK_REPO names the source repository
whose token (RUNBOOK_REPO_TOKEN or GITHUB_TOKEN) is used for its https origin.

Settings read from the environment besides the connection: RUNBOOK_SECRET_SOURCES (secrets runs
may name), RUNBOOK_VOTE_PUBLIC_KEYS (keys that verify votes signed by runbook server; see
docs/security.md#verified-votes), SLACK_BOT_TOKEN and SLACK_API_URL (slack.* steps).

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
  installRuntime(io.env);
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
      ...(deployment === undefined ? {} : { deployment }),
      activities: {
        logDir: logDir(io.env),
        checkoutCacheDir: checkoutCacheDir(io.env),
        mirrorCacheDir: mirrorCacheDir(io.env),
        ...(source === undefined ? {} : { source }),
        env: io.env,
        secretSources: workerSecretSources(io.env),
      },
    });
    io.stderr.write(
      `worker polling "${settings.taskQueue}" on ${settings.address} (namespace ${settings.namespace}); logs in ${logDir(io.env)}\n`,
    );
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
    // The SDK's runtime turns SIGINT/SIGTERM into a graceful shutdown of run().
    await worker.run();
    return 0;
  } finally {
    await connection.close();
  }
};
