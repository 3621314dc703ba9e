/**
 * How long a Slack click takes to become the workflow's recorded approval, next to the CLI's way.
 *
 *   node --import tsx bench/approval-latency.ts [approvals=200]
 *
 * One process on loopback: a dev server, a worker, the fake Slack and the real `runbook server`
 * with the Slack integration (vote signing on). Each run waits on a 1-of-1 approval; for half the
 * runs a signed `block_actions` click is POSTed to /slack/interactions, for the other half the
 * `approve` Update is sent straight from a client as `runbook approve` does (the baseline). The
 * two alternate. Latency is measured from sending the request to the accepted Update's answer:
 * for a click, the server's log line saying the workflow accepted it (the click's signature
 * check, Bolt dispatch, signing the vote and the Update round trip); for the baseline,
 * `executeUpdate` returning. Prints p50/p99 of each and the
 * ratios. Nothing here is asserted: timing is not a test.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { signedVote } from '../src/runbook/votes/index.js';
import { startRunbookRun } from '../src/runs/start-run.js';
import { startDevServer } from '../src/testing/dev-server.js';
import { approveUpdate, progressQuery } from '../src/workflows/definitions.js';
import { definitionFrom, runInput } from '../test/harness/runs.js';
import { click, startSlackLive, VOTE_KEY } from '../test/harness/slack-live.js';

const approvals = Number(process.argv[2] ?? 200);
/** The whole benchmark gives up after this, so that it never hangs a terminal or CI job. */
const BENCH_BUDGET_MS = 280_000;

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

const KINDS = ['slack', 'signed', 'direct'] as const;
type Kind = (typeof KINDS)[number];

const definition = definitionFrom(`
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: bench-approval }
spec:
  steps:
    - id: gate
      uses: approval
      with: { message: go?, approvers: { people: [alice] } }
`);
const people = {
  file: 'people.yaml',
  people: {
    alice: { cli: ['alice'], slack: ['U0ALICE'], github: [] },
    dave: { cli: ['dave'], slack: ['U0DAVE'], github: [] },
  },
  groups: {},
};

async function main(): Promise<void> {
  const budget = setTimeout(() => {
    console.error(`gave up after ${BENCH_BUDGET_MS} ms`);
    process.exit(2);
  }, BENCH_BUDGET_MS);
  const dir = mkdtempSync(join(tmpdir(), 'rr-bench-approval-'));
  const dev = await startDevServer({
    uiPort: false,
    logDir: dir,
    dbFile: join(dir, 'temporal.db'),
  });
  const connection = await Connection.connect({ address: dev.address });
  const nativeConnection = await NativeConnection.connect({ address: dev.address });
  const client = new Client({ connection });
  const live = await startSlackLive({ client, nativeConnection, address: dev.address });
  const samples: Record<Kind, number[]> = { slack: [], signed: [], direct: [] };
  try {
    for (let i = 0; i < approvals + KINDS.length; i += 1) {
      const kind = KINDS[i % KINDS.length] as Kind;
      const id = `bench-approval-${process.pid}-${i}`;
      await startRunbookRun(client, {
        taskQueue: live.worker.taskQueue,
        workflowId: id,
        input: {
          ...runInput(definition, live.worker.dir, {}, { kind: 'slack', actor: 'slack:U0DAVE' }),
          people,
        },
      });
      const handle = client.workflow.getHandle(id);
      for (;;) {
        const p = await handle.query(progressQuery);
        if (p.status === 'WaitingApproval') break;
        await new Promise((r) => setTimeout(r, 5));
      }
      const value = JSON.stringify({ run: id, step: 'gate' });
      const started = performance.now();
      if (kind === 'slack') {
        // Done when the server has the accepted Update back (it logs it): the click's request was
        // verified, dispatched, the vote signed, validated and recorded by the workflow.
        const accepted = `approve of ${id} step gate by slack:U0ALICE accepted`;
        void click(live, 'U0ALICE', 'runbook_approve', value);
        while (!live.server.logs.some((l) => l.includes(accepted))) {
          await new Promise((r) => setImmediate(r));
        }
      } else if (kind === 'signed') {
        // What the server sends after a click, without HTTP and Bolt: isolates the cost of the
        // signature (signing here, verifying in the workflow's validator and handler).
        const vote = signedVote(
          {
            runId: id,
            stepId: 'gate',
            identity: 'slack:U0ALICE',
            decision: 'approve',
            at: Date.now(),
          },
          VOTE_KEY,
        );
        await handle.executeUpdate(approveUpdate, { args: [vote] });
      } else {
        await handle.executeUpdate(approveUpdate, {
          args: [{ stepId: 'gate', approver: 'cli:alice' }],
        });
      }
      const ms = performance.now() - started;
      await handle.result();
      // The first run of each kind warms up connections and the workflow cache.
      if (i >= KINDS.length) samples[kind].push(ms);
    }
  } finally {
    clearTimeout(budget);
    await live.close();
    await connection.close();
    await nativeConnection.close();
    await dev.stop();
  }
  const line = (name: string, v: number[]) =>
    `${name.padEnd(36)} n=${String(v.length).padStart(3)}  p50 ${quantile(v, 0.5).toFixed(1).padStart(6)} ms  p99 ${quantile(v, 0.99).toFixed(1).padStart(6)} ms`;
  console.log(line('Slack click (signed, via server)', samples.slack));
  console.log(line('signed Update, no HTTP (server → Temporal)', samples.signed));
  console.log(line('direct Update (runbook approve)', samples.direct));
  console.log(
    `ratio signed / direct: p50 ${(quantile(samples.signed, 0.5) / quantile(samples.direct, 0.5)).toFixed(2)}x  p99 ${(quantile(samples.signed, 0.99) / quantile(samples.direct, 0.99)).toFixed(2)}x`,
  );
  console.log(
    `ratio click / direct: p50 ${(quantile(samples.slack, 0.5) / quantile(samples.direct, 0.5)).toFixed(2)}x  p99 ${(quantile(samples.slack, 0.99) / quantile(samples.direct, 0.99)).toFixed(2)}x`,
  );
  console.log(
    `aim: click p99 < 150 ms — ${quantile(samples.slack, 0.99) < 150 ? 'met' : 'NOT met'}`,
  );
}

await main();
