// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRunbook } from './parse.js';
import { describePlan, planRunbook, renderPlanText } from './plan.js';

const parsed = parseRunbook(
  `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: deploy }
spec:
  params:
    env: { type: string, enum: [staging, prod] }
  steps:
    - id: approve
      when: "\${{ params.env == 'prod' }}"
      uses: approval
      with: { message: "ship to \${{ params.env }}?", approvers: { groups: [sre] }, required: 2 }
    - id: set-image
      uses: kubernetes.setImage
      with: { name: api, containers: { api: "api:\${{ params.env }}" } }
    - id: smoke
      run: ["./smoke.sh", "\${{ params.env }}"]
      rollback: { run: ["./notify.sh"] }
    - id: report
      when: "\${{ steps.smoke.status == 'succeeded' }}"
      uses: http.request
      with: { url: "https://hooks.example.com/deploys", method: POST, body: { text: "done" } }
`,
  'deploy.yaml',
);
assert.ok(parsed.ok, JSON.stringify(parsed.diagnostics));
const def = parsed.runbook;

describe('planRunbook', () => {
  it('decides conditions that depend only on params, and defers the rest to run time', () => {
    const prod = planRunbook(def, { env: 'prod' });
    assert.deepEqual(prod.steps[0]?.condition, {
      expression: "${{ params.env == 'prod' }}",
      decided: true,
      value: true,
    });
    assert.equal(planRunbook(def, { env: 'staging' }).steps[0]?.condition?.decided, true);
    assert.equal(prod.steps[3]?.condition?.decided, false);
  });

  it('lists approval gates and the rollbacks a failure would run, newest first', () => {
    const plan = planRunbook(def, { env: 'prod' });
    assert.deepEqual(plan.approvals, ['approve']);
    assert.deepEqual(plan.steps[0]?.gate, {
      required: 2,
      approvers: { groups: ['sre'] },
      who: 'group sre (not the person who started the run)',
    });
    assert.deepEqual(
      plan.steps[2]?.rollbacksOnFailure.map((r) => r.step),
      ['smoke', 'set-image'],
    );
    assert.equal(plan.steps[1]?.rollback?.summary, 'built-in undo of kubernetes.setImage');
  });

  it('states who may approve, and "anyone but the person who started the run" for an empty list', () => {
    const open = parseRunbook(
      `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: open-gate }
spec:
  steps:
    - id: gate
      uses: approval
      with: { message: go? }
    - id: self
      uses: approval
      with: { message: go?, approvers: { people: [alice, bob] }, allowSelfApproval: true }
`,
      'open-gate.yaml',
    );
    assert.ok(open.ok, JSON.stringify(open.diagnostics));
    const text = renderPlanText(planRunbook(open.runbook, {}));
    assert.match(
      text,
      /GATE: waits for 1 approval\(s\) from anyone but the person who started the run/,
    );
    assert.match(text, /GATE: waits for 1 approval\(s\) from people alice, bob\n/);
    assert.match(
      renderPlanText(planRunbook(def, { env: 'prod' })),
      /GATE: waits for 2 approval\(s\) from group sre \(not the person who started the run\)/,
    );
  });

  it('renders inputs with the params', () => {
    const plan = planRunbook(def, { env: 'prod' });
    assert.equal(plan.steps[2]?.summary, 'run ./smoke.sh prod');
    assert.deepEqual(plan.steps[1]?.input, { name: 'api', containers: { api: 'api:prod' } });
    const text = renderPlanText(plan);
    assert.match(text, /1\. approve: approval: ship to prod\? {2}\[when: true, runs\]/);
    assert.match(text, /if it fails, roll back: smoke → set-image/);
  });

  it('attaches what a describeStep hook returns', async () => {
    const plan = await describePlan(planRunbook(def, { env: 'prod' }), async (step) =>
      step.kind === 'uses' ? { checked: step.id } : undefined,
    );
    assert.deepEqual(plan.steps[1]?.details, { checked: 'set-image' });
    assert.equal(plan.steps[2]?.details, undefined);
  });

  it('names the action of a uses step, and renders { summary, text } details and notes as lines', async () => {
    const planned = planRunbook(def, { env: 'prod' });
    assert.equal(planned.steps[1]?.action, 'kubernetes.setImage');
    assert.equal(planned.steps[2]?.action, undefined);
    const described = await describePlan(planned, async (step) =>
      step.id === 'set-image' ? { summary: 'would change:', text: '- old\n+ new\n' } : undefined,
    );
    const text = renderPlanText({ ...described, notes: ['dry-run against a test cluster'] });
    assert.match(text, /^ {2}note: dry-run against a test cluster$/m);
    assert.match(text, /^ {7}would change:\n {9}- old\n {9}\+ new\n {2}3\. smoke/m);
  });
});
