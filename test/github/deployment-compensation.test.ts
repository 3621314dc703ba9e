// On the dev server with the real worker: a run that creates a GitHub deployment and then fails a
// later step gets its deployment marked failed by compensation (the action's built-in undo).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { useDevServer } from '../harness/dev-server.js';
import { installDeployments } from '../harness/fake-github/deployments.js';
import { type FakeGithub, startFakeGithub } from '../harness/fake-github/server.js';
import {
  definitionFrom,
  executeRun,
  rejectionOf,
  resultOf,
  runId,
  runInput,
} from '../harness/runs.js';
import { connectTo, startTestWorker, type TemporalAccess } from '../harness/worker.js';

const server = useDevServer({ prefix: 'rr-ghdeploy-' });
let temporal: (TemporalAccess & { close(): Promise<void> }) | undefined;
let github: FakeGithub | undefined;

after(async () => {
  await temporal?.close();
  await github?.close();
});

const RUNBOOK = `
apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: deploy-then-fail }
spec:
  params:
    repo: { type: string, default: acme/web }
  steps:
    - id: deploy
      uses: github.deployment
      with:
        repository: "\${{ params.repo }}"
        ref: v1.2.3
        environment: staging
    - id: smoke
      run: ["false"]
`;

test('a deployment created by a run that fails later is marked failed by compensation', async () => {
  // Read inside the test: the dev server fixture starts in its own hook.
  temporal = await connectTo(server.address);
  github = await startFakeGithub({ tokens: ['ghp_compensation'] });
  const deployments = installDeployments(github);
  const definition = definitionFrom(RUNBOOK);
  const w = await startTestWorker(temporal, {
    env: { GITHUB_API_URL: github.url, GITHUB_TOKEN: 'ghp_compensation' },
  });
  const result = resultOf(
    await rejectionOf(executeRun(temporal, w, runId('gh-deploy'), runInput(definition, w.dir))),
  );
  assert.equal(result.status, 'RolledBack', JSON.stringify(result.failure));
  assert.equal(result.failure?.step, 'smoke');
  const steps = Object.fromEntries(result.progress.steps.map((s) => [s.key, s.status]));
  assert.deepEqual(steps, { deploy: 'RolledBack', smoke: 'Failed' });
  assert.equal(deployments.all.length, 1);
  const id = deployments.all[0]?.id ?? 0;
  assert.equal(result.outputs.deploy?.id, id);
  assert.deepEqual(deployments.states(id), ['in_progress', 'failure']);
  const undo = github.callsTo('POST', new RegExp(`/deployments/${id}/statuses$`)).at(-1);
  assert.deepEqual(undo?.body, { state: 'failure', description: 'Rolled back by runbook-runner' });
});
