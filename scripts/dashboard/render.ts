/**
 * Renders docs/images/dashboard.png from real data: starts a dev server and a `runbook worker`
 * exporting metrics, runs a small mixed workload (successes, failures with rollbacks, a failing
 * rollback, approvals approved and rejected, runs queued on one concurrency key), scrapes
 * /metrics every few seconds, evaluates each panel's query of the committed dashboard over the
 * scrapes (scripts/dashboard/promql.ts) and draws the panel grid.
 *
 *   node --import tsx scripts/dashboard/render.ts [out.png]   (about four minutes)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { Client, Connection } from '@temporalio/client';
import type { JsonValue } from '../../src/runbook/model.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { startDevServer } from '../../src/testing/dev-server.js';
import { freePort } from '../../src/testing/free-port.js';
import { parsePrometheusText } from '../../src/testing/prometheus-text.js';
import { approveUpdate, rejectUpdate } from '../../src/workflows/definitions.js';
import type { RunbookRunInput } from '../../src/workflows/types.js';
import { loadDashboard, substitute } from './dashboard.js';
import { evaluate, parsePromql, type Scrape } from './promql.js';
import { type RenderedPanel, renderDashboardSvg, type Series } from './svg.js';

const OUT =
  process.argv[2] ?? fileURLToPath(new URL('../../docs/images/dashboard.png', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/runbook.js', import.meta.url));
const FONTS = '/usr/share/fonts/truetype/dejavu';
const TASK_QUEUE = 'dashboard';
/** How long the workload starts runs; the scrapes go on a little longer so queues drain. */
const WORKLOAD_MS = 180_000;
const SCRAPE_EVERY_MS = 3_000;
/** `$__rate_interval` for the picture: long enough to smooth a workload this small. */
const RATE_SECONDS = 45;

const RUNBOOKS: Record<string, string> = {
  'deploy-api': `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: deploy-api }
spec:
  params:
    fail: { type: boolean, default: false }
    seconds: { type: string, default: "1" }
  steps:
    - id: build
      run: [sh, -c, 'sleep "$1"', sh, "\${{ params.seconds }}"]
    - id: roll-out
      run: [sh, -c, 'sleep 1; echo rolled']
      rollback: { run: [sh, -c, 'sleep 0.5; echo undone'] }
    - id: smoke-test
      run: [sh, -c, 'sleep 0.5; test "$1" != true', sh, "\${{ params.fail }}"]
`,
  'rotate-certs': `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: rotate-certs }
spec:
  params:
    failUndo: { type: boolean, default: false }
  steps:
    - id: issue
      run: [sh, -c, 'sleep 0.3']
      rollback: { run: [sh, -c, 'test "$1" != true', sh, "\${{ params.failUndo }}"] }
    - id: install
      run: [sh, -c, 'sleep 0.3; exit 1']
`,
  'restart-db': `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: restart-db }
spec:
  concurrency: { key: "db-\${{ params.env }}", onConflict: queue }
  params:
    env: { type: string, default: prod }
  steps:
    - id: approve
      uses: approval
      with: { message: "restart the database?" }
    - id: restart
      run: [sh, -c, 'sleep 4']
`,
};

const definitions = Object.fromEntries(
  Object.entries(RUNBOOKS).map(([name, yaml]) => {
    const parsed = parseRunbook(yaml, `${name}.yaml`);
    if (!parsed.ok) throw new Error(`${name}: ${JSON.stringify(parsed.diagnostics)}`);
    return [name, parsed.runbook];
  }),
);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function waitForOutput(child: ChildProcess, text: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`no "${text}" within ${timeoutMs} ms:\n${seen}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the worker exited with ${code}:\n${seen}`)));
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rr-dashboard-'));
  const server = await startDevServer({
    dbFile: join(dir, 'temporal.db'),
    logDir: dir,
    uiPort: false,
  });
  const metricsAddress = `127.0.0.1:${await freePort()}`;
  const worker = spawn(process.execPath, [BIN, 'worker'], {
    env: {
      ...process.env,
      RUNBOOK_FROM_SOURCE: '1',
      RUNBOOK_HOME: join(dir, 'home'),
      TEMPORAL_ADDRESS: server.address,
      RUNBOOK_TASK_QUEUE: TASK_QUEUE,
      RUNBOOK_METRICS_ADDRESS: metricsAddress,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const connection = await Connection.connect({ address: server.address });
  try {
    await waitForOutput(worker, 'worker polling', 120_000);
    const client = new Client({ connection });
    const scrapes: Scrape[] = [];
    const wallClock: number[] = [];
    const started = Date.now();
    let scraping = true;
    const scraper = (async () => {
      while (scraping) {
        const text = await (await fetch(`http://${metricsAddress}/metrics`)).text();
        scrapes.push({ t: (Date.now() - started) / 1000, samples: parsePrometheusText(text) });
        wallClock.push(Date.now());
        await sleep(SCRAPE_EVERY_MS);
      }
    })();

    let counter = 0;
    const start = (name: string, params: Record<string, JsonValue>) => {
      const definition = definitions[name];
      if (definition === undefined) throw new Error(`no runbook ${name}`);
      const input: RunbookRunInput = {
        definition,
        params,
        source: {
          repo: dir,
          commit: null,
          path: join(dir, `${name}.yaml`),
          contentHash: 'dashboard',
          dir,
        },
        trigger: { kind: 'cli', actor: 'cli:alice' },
        runbooks: {},
      };
      return client.workflow.start('runbookWorkflow', {
        taskQueue: TASK_QUEUE,
        workflowId: `${name}-${counter++}`,
        args: [input],
      });
    };
    // A decision is accepted once the run waits for it (a queued run waits for its key first).
    const decide = async (workflowId: string, afterMs: number, approve: boolean) => {
      await sleep(afterMs);
      const handle = client.workflow.getHandle(workflowId);
      for (let attempt = 0; attempt < 60; attempt += 1) {
        const accepted = await handle
          .executeUpdate(approve ? approveUpdate : rejectUpdate, {
            args: [{ approver: 'cli:bob', reason: 'dashboard workload' }],
          })
          .then(
            () => true,
            () => false,
          );
        if (accepted) return;
        await sleep(2_000);
      }
    };

    // A deterministic mix (no randomness: the picture is reproducible in shape).
    const pending: Promise<unknown>[] = [];
    for (let tick = 0; Date.now() - started < WORKLOAD_MS; tick += 1) {
      await start('deploy-api', { fail: tick % 5 === 3, seconds: String(1 + (tick % 4)) });
      if (tick % 3 === 0) await start('rotate-certs', { failUndo: tick % 9 === 6 });
      if (tick % 3 === 1) {
        // One key: a run waiting for its approval holds it, so the next ones queue behind it.
        const handle = await start('restart-db', { env: 'prod' });
        // Decided 5 to 30 s after it can be; one in five is rejected.
        pending.push(decide(handle.workflowId, 5_000 + (tick % 6) * 5_000, tick % 5 !== 0));
      }
      await sleep(4_000);
    }
    await Promise.all(pending);
    await sleep(20_000);
    scraping = false;
    await scraper;

    const dashboard = loadDashboard();
    const span = scrapes.at(-1)?.t ?? 0;
    const rendered: RenderedPanel[] = dashboard.panels.map((panel) => {
      const series: Series[] = [];
      for (const target of panel.targets ?? []) {
        const expr = parsePromql(
          substitute(target.expr, { rateSeconds: RATE_SECONDS, rangeSeconds: span }),
        );
        const byLegend = new Map<string, [number, number][]>();
        const indexes = panel.type === 'stat' ? [scrapes.length - 1] : scrapes.map((_, i) => i);
        for (const index of indexes) {
          for (const point of evaluate(expr, scrapes, index)) {
            const legend = target.legendFormat.replace(
              /\{\{\s*(\w+)\s*\}\}/g,
              (_, l: string) => point.labels[l] ?? '',
            );
            const points = byLegend.get(legend) ?? [];
            points.push([scrapes[index]?.t ?? 0, point.value]);
            byLegend.set(legend, points);
          }
        }
        for (const [legend, points] of byLegend) series.push({ legend, points });
      }
      return { panel, series };
    });
    const clock = (t: number) => new Date(started + t * 1000).toISOString().slice(11, 16);
    const svg = renderDashboardSvg(
      dashboard.title,
      `charts/runbook-runner/dashboards/runbook-runner.json over ${scrapes.length} scrapes of one worker's /metrics (${Math.round(span / 60)} min of a workload on the dev server); $runbook = All`,
      rendered,
      span,
      clock,
    );
    const png = new Resvg(svg, {
      font: {
        loadSystemFonts: false,
        fontFiles: [join(FONTS, 'DejaVuSans.ttf'), join(FONTS, 'DejaVuSans-Bold.ttf')],
        defaultFontFamily: 'DejaVu Sans',
      },
    })
      .render()
      .asPng();
    mkdirSync(join(OUT, '..'), { recursive: true });
    writeFileSync(OUT, png);
    writeFileSync(join(dir, 'dashboard.svg'), svg);
    console.log(`wrote ${OUT} (${scrapes.length} scrapes; svg in ${dir})`);
  } finally {
    worker.kill('SIGTERM');
    await connection.close();
    await server.stop();
  }
}

await main();
