// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
// The dry-run hook's decisions that need no cluster; the dry run itself against a real control
// plane is covered by test/e2e/kubernetes-deploy.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { describePlan, parseRunbook, planRunbook } from '../../runbook/index.js';
import { freePort } from '../../testing/free-port.js';
import { createKubernetesDryRun } from './plan-dry-run.js';

const parsed = parseRunbook(
  `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: dry }
spec:
  params:
    env: { type: string }
  steps:
    - id: read
      uses: kubernetes.get
      with: { namespace: shop, kind: Deployment, name: web }
    - id: copy
      uses: kubernetes.setImage
      with: { namespace: shop, name: web, containers: { web: "\${{ steps.read.outputs.image }}" } }
    - id: prod-only
      when: "\${{ params.env == 'prod' }}"
      uses: kubernetes.scale
      with: { namespace: shop, name: web, replicas: 3 }
    - id: scale
      uses: kubernetes.scale
      with: { namespace: shop, name: web, replicas: 2 }
    - id: restart
      uses: kubernetes.rolloutRestart
      with: { namespace: shop, name: web }
`,
  'dry.yaml',
);
assert.ok(parsed.ok, JSON.stringify(parsed.diagnostics));
const plan = planRunbook(parsed.runbook, { env: 'staging' });

function summaries(details: readonly unknown[]): string[] {
  return details.map((d) => (d as { summary?: string } | undefined)?.summary ?? '-');
}

describe('createKubernetesDryRun', () => {
  it('leaves reads alone, says which inputs only the run can fill, and skips steps whose when: is false', async () => {
    const dryRun = createKubernetesDryRun({ kubeconfigPath: '/nonexistent/kubeconfig' });
    const described = await describePlan(plan, dryRun.describeStep);
    assert.equal(described.steps[0]?.details, undefined);
    assert.deepEqual(summaries(described.steps.slice(1, 3).map((s) => s.details)), [
      'dry run: not possible, with: depends on ${{ steps.read.outputs.image }}, known only when the run gets there',
      'dry run: none, the step is skipped (when: false)',
    ]);
  });

  it('without a readable kubeconfig, marks the steps not dry-run and says why in one note', async () => {
    const dryRun = createKubernetesDryRun({ kubeconfigPath: '/nonexistent/kubeconfig' });
    const described = await describePlan(plan, dryRun.describeStep);
    assert.deepEqual(summaries(described.steps.slice(3).map((s) => s.details)), [
      'dry run: not done, no cluster (see note above)',
      'dry run: not done, no cluster (see note above)',
    ]);
    const notes = dryRun.notes();
    assert.equal(notes.length, 1);
    assert.match(
      notes[0] ?? '',
      /were NOT dry-run: no cluster reachable \(cannot read the kubeconfig \/nonexistent\/kubeconfig/,
    );
  });

  it('when the apiserver does not answer, tries it once and notes the refused connection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rr-dry-'));
    const kubeconfigPath = join(dir, 'kubeconfig');
    const port = await freePort();
    writeFileSync(
      kubeconfigPath,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: `https://127.0.0.1:${port}` } }],
        users: [{ name: 'u', user: { token: 't' } }],
        contexts: [{ name: 'closed', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'closed',
      }),
    );
    const dryRun = createKubernetesDryRun({ kubeconfigPath });
    const described = await describePlan(plan, dryRun.describeStep);
    assert.deepEqual(summaries(described.steps.slice(3).map((s) => s.details)), [
      'dry run: not done, the cluster is unreachable (see note above)',
      'dry run: not done, no cluster (see note above)',
    ]);
    assert.match(
      dryRun.notes()[0] ?? '',
      new RegExp(
        `no cluster reachable \\(the Kubernetes API server https://127\\.0\\.0\\.1:${port} is unreachable \\(ECONNREFUSED\\)`,
      ),
    );
  });
});
