// `runbook run <name|path> -p key=value…`: validate, pin to the commit, start, and follow.
import { formatDuration } from '../../runbook/index.js';
import { resolveParams } from '../../runbook/params.js';
import { checkStartAccess } from '../../runbook/people/access.js';
import { newRunId, startRunbookRun } from '../../runs/start-run.js';
import type { RunbookRunInput } from '../../workflows/types.js';
import { type Command, UsageError } from '../io.js';
import { cliIdentity } from '../support/cli-identity.js';
import { connectClient, resolveConnection } from '../support/connection.js';
import { connectionOptions, keyValues, parseFlags } from '../support/flags.js';
import { followRun } from '../support/follow.js';
import { checkKubeconfig } from '../support/kube-preflight.js';
import { loadFromRepository } from '../support/load-from-repository.js';
import { loadRunbook } from '../support/load-runbook.js';
import { createLocalWorker } from '../support/local-worker.js';
import { ProgressPrinter } from '../support/render-progress.js';
import { chooseWorker, pickedUp, WORKER_PICKUP_GRACE_MS } from '../support/run-worker.js';
import { cliSourceSettings } from '../support/source-settings.js';
import { noWorkerNotice, workerWaitMs, workerWaitOption } from '../support/worker-wait.js';

const HELP = `Usage: runbook run <name|path> [-p key=value]… [--detach] [--as identity] [--id run-id]
                   [--repo url|path] [--ref branch|tag|sha]
                   [--address host:port] [--namespace ns] [--task-queue q] [--worker-wait 1m]

Validates the runbook and its params, pins it to its git commit (or records it as uncommitted
with a content hash), starts the run, and draws its progress until it ends.

With a source repository (--repo, or RUNBOOK_REPO: a clone URL or a path), <name> is looked up
under runbooks/ at the head of its default branch (or --ref), fetched into a local mirror, and
the run is pinned to that commit and the clone URL: any worker can fetch it, no checkout needed.

  -p, --param key=value   a runbook parameter (repeatable)
      --detach            print the run id and return at once
      --as name           who is starting the run, as cli:<name> (default: your user name);
                          spec.access and people.yaml decide whether they may
      --id run-id         the workflow id to use (default: <name>-<time>-<random>)
      --worker-wait d     give up after d without a worker (default 1m; RUNBOOK_WORKER_WAIT)
      --repo url|path     the source repository (default: RUNBOOK_REPO; its token from
                          RUNBOOK_REPO_TOKEN or GITHUB_TOKEN)
      --ref name          the branch, tag or commit to run from (needs a source repository)

Who runs the steps: with no Temporal address configured, the embedded dev server is used
(started if needed) and a worker runs in this process for the length of the run. With an
address, a worker already polling the task queue runs them; when none picks the run up within
3s, one runs in this process. A run whose next task no worker picks up is reported after 5s
(with the command that starts one) and given up on after --worker-wait (exit 4; the run stays).
Exit codes: 0 Succeeded, 1 any other final status, 2 invalid runbook or params, or not
allowed to start it (spec.access), 3 environment
not ready (Temporal unreachable, dev server failed), 4 no worker.
`;

export const runCommand: Command = async (args, io) => {
  const { values, positionals } = parseFlags(
    {
      args: [...args],
      allowPositionals: true,
      options: {
        param: { type: 'string', short: 'p', multiple: true, default: [] },
        detach: { type: 'boolean', default: false },
        follow: { type: 'boolean', default: true },
        as: { type: 'string' },
        id: { type: 'string' },
        repo: { type: 'string' },
        ref: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...workerWaitOption,
        ...connectionOptions,
      },
    },
    HELP,
  );
  if (values.help === true) {
    io.stdout.write(HELP);
    return 0;
  }
  const [target, ...extra] = positionals;
  if (target === undefined || extra.length > 0)
    throw new UsageError(`expected one runbook name or path\n\n${HELP}`);
  const source = cliSourceSettings(io, values.repo);
  if (source === undefined && values.ref !== undefined) {
    throw new UsageError(
      "--ref needs a source repository: set RUNBOOK_REPO or pass --repo (without one, the run is pinned to your checkout's HEAD)",
    );
  }
  const loaded =
    source === undefined
      ? await loadRunbook(target, io.cwd)
      : await loadFromRepository(source, target, values.ref);
  for (const note of loaded.notes) io.stderr.write(`note: ${note}\n`);
  const params = resolveParams(loaded.definition, keyValues(values.param));
  if (!params.ok) {
    for (const error of params.errors) io.stderr.write(`error: ${error.message} [${error.code}]\n`);
    return 2;
  }
  const waitMs = workerWaitMs(values['worker-wait'], io.env);
  const actor = cliIdentity(values.as);
  const refusal = checkStartAccess(loaded.definition, loaded.people, actor);
  if (refusal !== undefined) throw new UsageError(`${refusal}; nothing was started`, 2);
  const input: RunbookRunInput = {
    definition: loaded.definition,
    params: params.params,
    source: loaded.source,
    trigger: { kind: 'cli', actor },
    runbooks: loaded.children,
    people: loaded.people,
  };
  const settings = await resolveConnection(io, {
    address: values.address,
    namespace: values.namespace,
    taskQueue: values['task-queue'],
  });
  // On the embedded server the steps run in this process: a kubeconfig they cannot read is
  // better said now than as a failed step.
  if (settings.embedded !== undefined) await checkKubeconfig(loaded.definition, loaded.children);
  const { client, connection } = await connectClient(settings, io.env);
  try {
    const workflowId = values.id ?? newRunId(loaded.definition.name);
    const { commit } = await startRunbookRun(client, {
      taskQueue: settings.taskQueue,
      workflowId,
      input,
    });
    io.stderr.write(`started ${workflowId} (${loaded.definition.name} @ ${commit.slice(0, 24)})\n`);
    if (settings.embedded !== undefined) {
      io.stderr.write(
        `Web UI: ${settings.embedded.uiUrl}/namespaces/${settings.namespace}/workflows/${workflowId}\n`,
      );
    }
    if (values.detach) {
      io.stdout.write(`${workflowId}\n`);
      if (!(await pickedUp(client, workflowId, WORKER_PICKUP_GRACE_MS))) {
        const notice = await noWorkerNotice(
          client,
          { settings, runId: workflowId, taskQueue: settings.taskQueue, purpose: 'start the run' },
          WORKER_PICKUP_GRACE_MS,
        );
        io.stderr.write(`warning: the run waits until a worker picks it up: ${notice}\n`);
      }
      return 0;
    }
    const started = Date.now();
    const printer = new ProgressPrinter(io.stdout, workflowId);
    const watch = { settings, taskQueue: settings.taskQueue, waitMs };
    const choice = await chooseWorker(client, settings, workflowId);
    let outcome: Awaited<ReturnType<typeof followRun>>;
    if (!choice.local) {
      outcome = await followRun(client, workflowId, printer, watch);
    } else {
      io.stderr.write(`${choice.reason}\n`);
      const local = await createLocalWorker(settings, io, `runbook-run-${process.pid}`, source);
      try {
        outcome = await local.worker.runUntil(followRun(client, workflowId, printer, watch));
      } finally {
        await local.close();
      }
    }
    const took = formatDuration(Date.now() - started);
    io.stdout.write(
      `\n${loaded.definition.name}: ${outcome.status}${outcome.reason ? ` — ${outcome.reason}` : ''} (${took})\n`,
    );
    return outcome.status === 'Succeeded' ? 0 : 1;
  } finally {
    await connection.close();
  }
};
