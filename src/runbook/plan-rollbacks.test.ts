// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRunbook } from './parse.js';
import { type PlannedStep, planRunbook } from './plan.js';

function plan(steps: string, params: Record<string, string> = {}) {
  const parsed = parseRunbook(
    `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: saga }
spec:
  params:
    env: { type: string, default: staging }
  steps:
${steps}`,
    'saga.yaml',
  );
  assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.diagnostics));
  return planRunbook(parsed.runbook, { env: 'staging', ...params });
}

function search(steps: readonly PlannedStep[], id: string): PlannedStep | undefined {
  for (const step of steps) {
    if (step.id === id) return step;
    const inner = step.steps === undefined ? undefined : search(step.steps, id);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

function find(steps: readonly PlannedStep[], id: string): PlannedStep {
  return search(steps, id) ?? assert.fail(`no step ${id}`);
}

const onFailure = (steps: readonly PlannedStep[], id: string) =>
  find(steps, id).rollbacksOnFailure.map((r) =>
    r.note === undefined ? r.step : `${r.step} (${r.note})`,
  );

describe('runbook plan lists exactly the rollbacks a failure runs', () => {
  it('a failing setImage has nothing of its own to undo; a failing apply undoes what it applied', () => {
    const { steps } = plan(`    - id: config
      uses: kubernetes.apply
      with: { manifest: "{ apiVersion: v1, kind: ConfigMap, metadata: { name: c, namespace: n } }" }
    - id: image
      uses: kubernetes.setImage
      with: { namespace: n, name: web, containers: { web: "web:2" } }
`);
    assert.deepEqual(onFailure(steps, 'config'), ['config']);
    assert.match(
      find(steps, 'config').rollbacksOnFailure[0]?.summary ?? '',
      /applied before it failed/,
    );
    // setImage's built-in undo needs the image it replaced, which a failed call never returns.
    assert.deepEqual(onFailure(steps, 'image'), ['config']);
    assert.equal(find(steps, 'image').rollback?.summary, 'built-in undo of kubernetes.setImage');
  });

  it('a step skipped for sure by its when: leaves nothing to undo; one decided at run time still may', () => {
    const { steps } = plan(`    - id: prod-only
      when: "\${{ params.env == 'prod' }}"
      run: [./a.sh]
      rollback: { run: [./undo-a.sh] }
    - id: maybe
      when: "\${{ steps['prod-only'].status == 'skipped' }}"
      run: [./b.sh]
      rollback: { run: [./undo-b.sh] }
    - id: last
      run: [./c.sh]
`);
    assert.deepEqual(onFailure(steps, 'last'), ['maybe']);
    assert.deepEqual(
      onFailure(
        plan(
          steps.length
            ? `    - id: prod-only
      when: "\${{ params.env == 'prod' }}"
      run: [./a.sh]
      rollback: { run: [./undo-a.sh] }
    - id: last
      run: [./c.sh]
`
            : '',
          { env: 'prod' },
        ).steps,
        'last',
      ),
      ['prod-only'],
    );
  });

  it('a failing parallel branch rolls back its siblings: their own rollback if they started, a built-in undo if they finished', () => {
    const { steps } = plan(`    - id: before
      run: [./before.sh]
      rollback: { run: [./undo-before.sh] }
    - id: fan
      parallel:
        - id: left
          run: [./left.sh]
          rollback: { run: [./undo-left.sh] }
        - id: scale
          uses: kubernetes.scale
          with: { namespace: n, name: web, replicas: 3 }
        - id: right
          run: [./right.sh]
    - id: after
      run: [./after.sh]
`);
    assert.deepEqual(onFailure(steps, 'right'), [
      'left (if it started)',
      'scale (if it finished first)',
      'before',
    ]);
    assert.deepEqual(onFailure(steps, 'after'), ['scale', 'left', 'before']);
  });

  it('forEach leaves its nested undo once per finished item, nested groups included', () => {
    const { steps } = plan(`    - id: each
      forEach:
        items: [a, b]
        steps:
          - id: inner
            parallel:
              - id: deep
                run: [./deep.sh, "\${{ item }}"]
                rollback: { run: [./undo-deep.sh, "\${{ item }}"] }
    - id: after
      run: [./after.sh]
`);
    assert.deepEqual(onFailure(steps, 'after'), ['deep (for each item that finished)']);
  });

  it('rollback: none keeps even a built-in undo off the list', () => {
    const { steps } = plan(`    - id: scale
      uses: kubernetes.scale
      rollback: none
      with: { namespace: n, name: web, replicas: 3 }
    - id: after
      run: [./after.sh]
`);
    assert.deepEqual(onFailure(steps, 'after'), []);
  });
});
