// `runbook server`: the one long-running HTTP process for Slack, GitHub and operations.
import { githubTokenProvider } from '../../integrations/github/auth.js';
import { BackgroundWork } from '../../server/background.js';
import { startRunbookServer } from '../../server/http-server.js';
import { INTEGRATIONS } from '../../server/integrations.js';
import { openServerCatalog } from '../../server/open-catalog.js';
import { useClientServiceName } from '../../telemetry/tracing.js';
import { metricsAddressFromEnv } from '../../worker/metrics-address.js';
import { installRuntime } from '../../worker/runtime.js';
import { type Command, UsageError } from '../io.js';
import { connectClient, resolveConnection } from '../support/connection.js';
import { connectionOptions, parseFlags } from '../support/flags.js';

const HELP = `Usage: runbook server [--port 3000] [--host 0.0.0.0] [--address host:port] [--namespace ns] [--task-queue q]

Serves Slack (/slack/*), GitHub (/github/webhooks), the codec server (/codec/encode and
/codec/decode for the Web UI and \`temporal --codec-endpoint\`, on with RUNBOOK_CODEC_KEYS; see
docs/encryption.md) and the probes GET /healthz (the process is up)
and GET /readyz (Temporal is reachable). Each integration is on when its settings are present,
and the start banner says which are. Runbooks are read by name from RUNBOOK_REPO (else the git
repository the server starts in), pinned to a commit. SIGINT/SIGTERM stop accepting requests,
finish the ones in flight and the work they started, then exit. With RUNBOOK_METRICS_ADDRESS
(host:port) it serves Prometheus metrics there at /metrics (docs/metrics.md).
`;

export const serverCommand: Command = async (args, io) => {
  const { values } = parseFlags(
    {
      args: [...args],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
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
  // Its spans (the `runbook.start` of Slack and GitHub runs) say `runbook-server`.
  useClientServiceName('runbook-server');
  const portText = values.port ?? io.env.PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a port number (0-65535), not "${portText}"`);
  }
  // Only with metrics on: the server needs no SDK runtime otherwise.
  const runtime = metricsAddressFromEnv(io.env) === undefined ? undefined : installRuntime(io.env);
  const settings = await resolveConnection(io, {
    address: values.address,
    namespace: values.namespace,
    taskQueue: values['task-queue'],
  });
  const { client, connection } = await connectClient(settings, io.env);
  const log = (line: string) => io.stderr.write(`${new Date().toISOString()} ${line}\n`);
  try {
    // With a GitHub App, git fetches the source repository with its installation token too.
    const { catalog, description } = await openServerCatalog(
      io.env,
      io.cwd,
      io.env.GITHUB_APP_ID === undefined ? {} : { tokenProvider: githubTokenProvider(io.env) },
    );
    const server = await startRunbookServer({
      port,
      ...(values.host === undefined ? {} : { host: values.host }),
      context: { client, settings, catalog, env: io.env, background: new BackgroundWork(log), log },
      integrations: INTEGRATIONS,
      ...(runtime === undefined ? {} : { meter: runtime.meter }),
    });
    io.stderr.write(
      `runbook server on ${server.url} (Temporal ${settings.address}, namespace ${settings.namespace}, task queue ${settings.taskQueue})\n  ${description}\n`,
    );
    if (runtime?.metrics !== undefined) io.stderr.write(`  metrics: ${runtime.metrics.url}\n`);
    for (const integration of server.integrations) io.stderr.write(`  ${integration.describe()}\n`);
    if (server.integrations.length === 0) {
      io.stderr.write('  no integration configured (see docs/slack.md and docs/github.md)\n');
    }
    await new Promise<void>((resolve) => {
      const stop = (signal: NodeJS.Signals) => {
        io.stderr.write(`${signal}: finishing in-flight requests, then exiting\n`);
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    return 0;
  } finally {
    await connection.close();
  }
};
