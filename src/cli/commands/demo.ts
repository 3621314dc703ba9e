// `runbook demo`: the example runbooks on the embedded dev server, drawn live.
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { resolveParams } from '../../runbook/params.js';
import { repoRoot } from '../../testing/toolchain.js';
import {
  approveUpdate,
  progressQuery,
  RUNBOOK_WORKFLOW_TYPE,
} from '../../workflows/definitions.js';
import type { Command } from '../io.js';
import { connectClient, resolveConnection } from '../support/connection.js';
import { parseFlags } from '../support/flags.js';
import { followRun } from '../support/follow.js';
import { loadRunbook } from '../support/load-runbook.js';
import { createLocalWorker } from '../support/local-worker.js';
import { stateDir } from '../support/paths.js';
import { ProgressPrinter } from '../support/render-progress.js';

const HELP = `Usage: runbook demo

Runs two example runbooks from runbooks/examples/ on the embedded Temporal dev server, with a
worker in this process, drawing their progress live:
  1. release-with-approval: waits for an approval, which the demo gives as cli:demo-reviewer;
  2. failing-migration: its smoke test fails and the three finished steps are rolled back,
     newest first.
Ends with the Web UI links. Exit code 0 when both ended as expected.
`;

/** How long the demo lets the approval visibly wait before approving it. */
const APPROVAL_PAUSE_MS = 1500;

async function approveWhenWaiting(
  client: Client,
  runId: string,
  printer: ProgressPrinter,
): Promise<void> {
  const handle = client.workflow.getHandle(runId);
  for (;;) {
    const progress = await handle.query(progressQuery).catch(() => undefined);
    if (progress?.status === 'WaitingApproval') break;
    if (progress !== undefined && progress.finishedAt !== undefined) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await new Promise((resolve) => setTimeout(resolve, APPROVAL_PAUSE_MS));
  // Through the printer, so that the live tree redraws below this line instead of over it.
  printer.note(
    '  → cli:demo-reviewer approves (in real life: Slack, or `runbook approve <run> --as you`)',
  );
  await handle.executeUpdate(approveUpdate, {
    args: [{ approver: 'cli:demo-reviewer', reason: 'looks good' }],
  });
}

export const demoCommand: Command = async (args, io) => {
  const { values } = parseFlags(
    { args: [...args], options: { help: { type: 'boolean', short: 'h' } } },
    HELP,
  );
  if (values.help === true) {
    io.stdout.write(HELP);
    return 0;
  }
  const demoDir = join(stateDir(io.env), 'demo');
  rmSync(demoDir, { recursive: true, force: true });
  const settings = await resolveConnection(io, {
    taskQueue: `runbook-demo-${randomBytes(3).toString('hex')}`,
  });
  const { client, connection } = await connectClient(settings, io.env);
  const local = await createLocalWorker(settings, io, `runbook-demo-${process.pid}`);
  const running = local.worker.run();
  const runs: Array<{ id: string; expected: string; status: string }> = [];
  try {
    const examples = [
      {
        file: 'release-with-approval.yaml',
        expected: 'Succeeded',
        params: { target: join(demoDir, 'env') },
      },
      {
        file: 'failing-migration.yaml',
        expected: 'RolledBack',
        params: { target: join(demoDir, 'db') },
      },
    ];
    for (const [index, example] of examples.entries()) {
      const loaded = await loadRunbook(
        join(repoRoot, 'runbooks', 'examples', example.file),
        io.cwd,
      );
      const params = resolveParams(loaded.definition, example.params);
      if (!params.ok)
        throw new Error(
          `example ${example.file} has invalid params: ${params.errors.map((e) => e.message).join('; ')}`,
        );
      const id = `demo-${loaded.definition.name}-${randomBytes(3).toString('hex')}`;
      io.stdout.write(
        `\n${index + 1}. ${loaded.definition.name}: ${loaded.definition.description ?? ''}\n`,
      );
      await client.workflow.start(RUNBOOK_WORKFLOW_TYPE, {
        taskQueue: settings.taskQueue,
        workflowId: id,
        args: [
          {
            definition: loaded.definition,
            params: params.params,
            source: loaded.source,
            trigger: { kind: 'cli', actor: 'cli:demo-operator' },
            runbooks: loaded.children,
            people: loaded.people,
          },
        ],
      });
      const printer = new ProgressPrinter(io.stdout, id);
      const approving = approveWhenWaiting(client, id, printer);
      const outcome = await followRun(client, id, printer);
      await approving;
      io.stdout.write(`   ⇒ ${outcome.status}${outcome.reason ? ` — ${outcome.reason}` : ''}\n`);
      if (example.file === 'failing-migration.yaml') {
        const journal = readFileSync(join(example.params.target, 'journal'), 'utf8');
        io.stdout.write(
          `   journal (${join(example.params.target, 'journal')}):\n${journal
            .trimEnd()
            .split('\n')
            .map((l) => `     ${l}`)
            .join('\n')}\n`,
        );
      }
      runs.push({ id, expected: example.expected, status: outcome.status });
    }
  } finally {
    local.worker.shutdown();
    await running;
    await local.close();
    await connection.close();
  }
  io.stdout.write('\nSee every event of these runs in the Temporal Web UI:\n');
  for (const run of runs) {
    io.stdout.write(
      `  ${settings.embedded?.uiUrl ?? ''}/namespaces/${settings.namespace}/workflows/${run.id}\n`,
    );
  }
  io.stdout.write(`or: temporal workflow list --address ${settings.address}\n`);
  io.stdout.write(
    'The embedded server keeps running (state survives); stop it with `npx runbook dev --stop`.\n',
  );
  const ok = runs.every((run) => run.status === run.expected);
  if (!ok)
    io.stderr.write(
      `demo: unexpected outcome: ${runs.map((r) => `${r.id}=${r.status} (expected ${r.expected})`).join(', ')}\n`,
    );
  return ok ? 0 : 1;
};
