// The worker image built here (scripts/image: a Debian base from mmdebstrap, buildah bud of the
// Dockerfile), run with podman on the host network as a worker against a dev server: it loads
// the prebuilt interpreter bundle, completes a run, runs as a non-root user, answers its
// HEALTHCHECK, and exits cleanly (status 0) on SIGTERM.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runbookWorkflow } from '../../src/workflows/runbook-workflow.js';
import { type DevServerFixture, startDevServerFixture } from '../harness/dev-server.js';
import { eventually, within } from '../harness/eventually.js';
import {
  buildImage,
  IMAGE_BUILD_MS,
  imageToolsMissing,
  podman,
  podmanExec,
  podmanLogs,
} from '../harness/image.js';
import { definitionFrom, runId, runInput } from '../harness/runs.js';
import { connectTo, type TemporalAccess } from '../harness/worker.js';

const missing = imageToolsMissing();
/** The container's home, writable by its user: where the uncommitted runbook's step works. */
const WORKDIR = '/var/lib/runbook-runner';
const RUN_MS = 120_000;
/** The container's shutdown budget, and how long `podman wait` may take beyond it. */
const GRACE = '6s';
const EXIT_MS = 60_000;

const RUNBOOK = `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: in-image }
spec:
  steps:
    - id: who
      shell: bash
      run: |
        echo "uid=$(id -u)" >> "$RUNBOOK_OUTPUT"
        echo "git=$(git --version | cut -d' ' -f3)" >> "$RUNBOOK_OUTPUT"
`;

let server: DevServerFixture | undefined;
let temporal: (TemporalAccess & { close(): Promise<void> }) | undefined;
let image = '';
const container = `rr-image-${process.pid}`;

before(async () => {
  if (missing !== undefined) return;
  [image, server] = await Promise.all([
    buildImage(),
    startDevServerFixture({ prefix: 'rr-image-' }),
  ]);
  temporal = await connectTo(server.address);
});
after(async () => {
  if (missing !== undefined) return;
  await podman(['rm', '--force', '--ignore', container]).catch(() => undefined);
  await temporal?.close();
  await server?.stop();
});

test('the image runs as a non-root worker on the host network: loads the prebuilt bundle, completes a run, is healthy, and exits 0 on SIGTERM', {
  skip: missing,
  timeout: IMAGE_BUILD_MS + 10 * 60_000,
}, async () => {
  assert.ok(server !== undefined && temporal !== undefined);
  const configured = await podman(['image', 'inspect', '--format', '{{.Config.User}}', image]);
  assert.match(
    configured,
    /^[1-9]\d*(:\d+)?$/,
    `Config.User is numeric and not root: ${configured}`,
  );

  await podman([
    'run',
    '--detach',
    '--name',
    container,
    '--network',
    'host',
    // The HEALTHCHECK is run on demand below: the timer podman would start needs systemd.
    '--health-interval',
    'disable',
    '--env',
    `TEMPORAL_ADDRESS=${server.address}`,
    '--env',
    'RUNBOOK_TASK_QUEUE=image',
    '--env',
    `RUNBOOK_SHUTDOWN_GRACE=${GRACE}`,
    image,
  ]);
  const logs = () => podmanLogs(container).catch((error: Error) => error.message);
  await eventually(async () => (await logs()).includes('worker polling'), {
    what: 'the containerized worker to poll',
    timeoutMs: 60_000,
    intervalMs: 500,
  }).catch(async (error: Error) => {
    throw new Error(`${error.message}; its output:\n${await logs()}`, { cause: error });
  });
  assert.match(await logs(), /interpreter bundle: \/app\/dist\/workflow-bundle\.js/);

  const id = await podmanExec(container, ['id', '-u']);
  assert.equal(id.code, 0, id.output);
  assert.notEqual(id.output.trim(), '0', 'the worker process runs as root');
  assert.equal(id.output.trim(), configured.split(':')[0]);

  const handle = await temporal.client.workflow.start(runbookWorkflow, {
    taskQueue: 'image',
    workflowId: runId('image'),
    args: [runInput(definitionFrom(RUNBOOK), WORKDIR)],
  });
  const result = await within(handle.result(), RUN_MS, 'the run on the containerized worker');
  assert.equal(result.status, 'Succeeded', JSON.stringify(result));
  assert.equal(result.outputs.who?.uid, id.output.trim(), 'the step ran as the container user');
  assert.match(String(result.outputs.who?.git), /^\d+\.\d+/, 'git is in the image');

  // The image's HEALTHCHECK, as docker or podman run it.
  await eventually(
    async () =>
      (await podmanExec(container, ['node', '/app/bin/runbook.js', 'worker', '--healthcheck']))
        .code === 0,
    { what: 'the health check to pass', timeoutMs: 30_000, intervalMs: 1_000 },
  );
  const health = await podman(['healthcheck', 'run', container]).then(
    () => 'healthy',
    (error: Error) => error.message,
  );
  assert.equal(health, 'healthy');

  await podman(['kill', '--signal', 'TERM', container]);
  const status = await podman(['wait', container], EXIT_MS);
  const output = await logs();
  assert.equal(status, '0', output);
  assert.match(output, /SIGTERM: shutting down/);
  assert.match(output, /worker stopped/);
});
