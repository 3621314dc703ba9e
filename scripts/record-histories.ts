/**
 * Records the histories the replay gate (test/replay/replay.test.ts) replays.
 *
 *   node --import tsx scripts/record-histories.ts            every runbook in test/histories/runbooks/
 *   node --import tsx scripts/record-histories.ts approval-approved …   only these
 *
 * Starts a throwaway dev server and a worker with the real activities, runs each runbook of
 * test/histories/runbooks/ once (driving approvals through the `approve` update), checks that the
 * run ended as expected, and writes its history to test/histories/<name>.json in the JSON shape
 * of `temporal workflow show --output json`. Re-recording an existing history is only right when
 * the change that makes it necessary is behind `patched()`: see docs/versioning.md (which also says
 * how to record from a clean export of HEAD when the work tree holds unfinished changes).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { formatDiagnostic } from '../src/runbook/diagnostics.js';
import { resolveParams } from '../src/runbook/params.js';
import { parseRunbook } from '../src/runbook/parse.js';
import { signedVote, votePublicKey } from '../src/runbook/votes/index.js';
import { startDevServer } from '../src/testing/dev-server.js';
import { historyToJSON } from '../src/testing/history-json.js';
import { createRunbookWorker } from '../src/worker/create-worker.js';
import { approveUpdate, progressQuery } from '../src/workflows/definitions.js';
import type { runbookWorkflow } from '../src/workflows/runbook-workflow.js';
import type { RunbookRunInput, RunStatus } from '../src/workflows/types.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
/** Where recorded histories go, one `<name>.json` per runbook. */
export const historiesDir = join(repoRoot, 'test', 'histories');
/** The runbooks recorded: one `<name>.yaml` per history. */
export const recordedRunbooksDir = join(historiesDir, 'runbooks');

/** Who starts every recorded run, and who approves (see approval-approved.yaml). */
const ACTOR = 'cli:recorder';
const APPROVER = 'slack:UBOB';
/** How long a recorded run may take before the script gives up on it. */
const RUN_TIMEOUT_MS = 60_000;
const TASK_QUEUE = 'record-histories';
/**
 * The vote signing key of the recorded runs, standing in for runbook server's. A fixed test key,
 * known to everyone: it proves nothing outside these histories.
 */
const RECORDER_VOTE_KEY = { keyId: 'recorder', privateKey: new Uint8Array(32).fill(7) };

type Handle = WorkflowHandle<typeof runbookWorkflow>;

interface Scenario {
  /** The final status the run must reach; anything else is not recorded. */
  readonly expect: RunStatus;
  /** Drives the run while it is going (approvals); most runs need nothing. */
  readonly drive?: (handle: Handle) => Promise<void>;
  /** Params of the run, given the recorder's loopback HTTP endpoint (for `http.request` steps). */
  readonly params?: (hookUrl: string) => Record<string, string>;
}

/** What each recorded runbook must end as, and how to drive it. A runbook missing here fails. */
const scenarios: Readonly<Record<string, Scenario>> = {
  'success-outputs': { expect: 'Succeeded' },
  'concurrency-lock': { expect: 'Succeeded' },
  'failure-compensation': { expect: 'RolledBack' },
  'approval-approved': {
    expect: 'Succeeded',
    drive: async (handle) => {
      await waitFor(handle, 'WaitingApproval');
      await handle.executeUpdate(approveUpdate, { args: [{ approver: APPROVER }] });
    },
  },
  'approval-verified': {
    expect: 'Succeeded',
    drive: async (handle) => {
      await waitFor(handle, 'WaitingApproval');
      const claim = {
        runId: handle.workflowId,
        stepId: 'gate',
        identity: APPROVER,
        decision: 'approve' as const,
        at: Date.now(),
      };
      await handle.executeUpdate(approveUpdate, { args: [signedVote(claim, RECORDER_VOTE_KEY)] });
    },
  },
  'approval-audited': {
    expect: 'Succeeded',
    drive: async (handle) => {
      await waitFor(handle, 'WaitingApproval');
      const claim = {
        runId: handle.workflowId,
        stepId: 'gate',
        identity: APPROVER,
        decision: 'approve' as const,
        at: Date.now(),
      };
      await handle.executeUpdate(approveUpdate, { args: [signedVote(claim, RECORDER_VOTE_KEY)] });
      await handle.executeUpdate(approveUpdate, { args: [{ approver: 'cli:carol' }] });
    },
  },
  'parallel-foreach': { expect: 'Succeeded' },
  'continue-on-error': { expect: 'Succeeded' },
  'command-retry-patched': { expect: 'Succeeded' },
  'command-timeout': { expect: 'RolledBack' },
  'rollback-every-kind': { expect: 'RolledBack', params: (hook) => ({ hook }) },
  'outcome-in-memo': { expect: 'RolledBack' },
};

/** A loopback endpoint answering every request with 200 `{}`, for recorded `http.request` steps. */
async function startHook(): Promise<{ server: Server; url: string }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the hook has no port');
  return { server, url: `http://127.0.0.1:${address.port}` };
}

async function waitFor(handle: Handle, status: RunStatus): Promise<void> {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if ((await handle.query(progressQuery)).status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${handle.workflowId} did not reach ${status} within ${RUN_TIMEOUT_MS} ms`);
}

/** The validated input of an uncommitted run whose steps work in `dir`. */
function inputFor(name: string, dir: string, hookUrl: string): RunbookRunInput {
  // Repository-relative, so that a recorded history holds no path of the recording machine
  // besides the temporary folder the steps ran in.
  const file = `test/histories/runbooks/${name}.yaml`;
  const text = readFileSync(join(repoRoot, file), 'utf8');
  const parsed = parseRunbook(text, file);
  if (!parsed.ok) {
    throw new Error(parsed.diagnostics.map((d) => formatDiagnostic(d, text)).join('\n'));
  }
  const params = resolveParams(parsed.runbook, scenarios[name]?.params?.(hookUrl) ?? {});
  if (!params.ok) throw new Error(params.errors.map((e) => e.message).join('\n'));
  return {
    definition: parsed.runbook,
    params: params.params,
    source: {
      repo: dir,
      commit: null,
      path: file,
      contentHash: createHash('sha256').update(text).digest('hex'),
      dir,
    },
    trigger: { kind: 'cli', actor: ACTOR },
  };
}

/** Runs one scenario to its end and returns the run's final status. */
async function record(client: Client, name: string, input: RunbookRunInput): Promise<RunStatus> {
  const scenario = scenarios[name];
  if (scenario === undefined) {
    throw new Error(
      `test/histories/runbooks/${name}.yaml has no scenario in scripts/record-histories.ts; add one saying how it ends`,
    );
  }
  // The workflow id is the history's name: the replay test passes the same id back.
  const handle: Handle = await client.workflow.start<typeof runbookWorkflow>('runbookWorkflow', {
    taskQueue: TASK_QUEUE,
    workflowId: name,
    args: [input],
    workflowExecutionTimeout: RUN_TIMEOUT_MS,
  });
  await scenario.drive?.(handle);
  const status = await handle.result().then(
    (result) => result.status,
    (error: unknown) => {
      const details = (error as WorkflowFailedError).cause as { details?: unknown[] } | undefined;
      const result = details?.details?.[0] as { status?: RunStatus } | undefined;
      if (error instanceof WorkflowFailedError && result?.status !== undefined)
        return result.status;
      throw error;
    },
  );
  if (status !== scenario.expect) {
    throw new Error(`${name} ended ${status}, expected ${scenario.expect}; nothing was recorded`);
  }
  const file = join(historiesDir, `${name}.json`);
  writeFileSync(file, `${historyToJSON(await handle.fetchHistory())}\n`);
  return status;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const only = process.argv.slice(2);
  const names = readdirSync(recordedRunbooksDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => basename(f, '.yaml'))
    .filter((n) => only.length === 0 || only.includes(n))
    .sort();
  const unknown = only.filter((n) => !names.includes(n));
  if (unknown.length > 0) {
    throw new Error(`no runbook test/histories/runbooks/${unknown[0]}.yaml to record`);
  }
  const work = mkdtempSync(join(tmpdir(), 'rr-record-'));
  const server = await startDevServer({
    dbFile: join(work, 'temporal.db'),
    logDir: work,
    uiPort: false,
  });
  const hook = await startHook();
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const connection = await Connection.connect({ address: server.address });
  try {
    const client = new Client({ connection });
    const worker = await createRunbookWorker({
      connection: nativeConnection,
      taskQueue: TASK_QUEUE,
      activities: {
        logDir: join(work, 'logs'),
        checkoutCacheDir: join(work, 'checkouts'),
        env: {
          ...process.env,
          RUNBOOK_VOTE_PUBLIC_KEYS: `${RECORDER_VOTE_KEY.keyId}=${votePublicKey(RECORDER_VOTE_KEY)}`,
        },
      },
    });
    await worker.runUntil(async () => {
      for (const name of names) {
        const dir = join(work, 'steps', name);
        mkdirSync(dir, { recursive: true });
        const input = inputFor(name, dir, hook.url);
        const status = await record(client, name, input);
        console.log(`recorded test/histories/${name}.json (${status})`);
      }
    });
  } finally {
    await connection.close();
    await nativeConnection.close();
    await server.stop();
    hook.server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
