import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunbookDefinition } from '../runbook/model.js';
import { parseRunbook } from '../runbook/parse.js';
import { planBindingApprovers } from './plan-binding-approvers.js';

function runbook(spec: string): RunbookDefinition {
  const parsed = parseRunbook(
    `apiVersion: runbook-runner/v1\nkind: Runbook\nmetadata: { name: gated }\nspec:\n${spec}`,
    'runbooks/gated.yaml',
  );
  assert.ok(parsed.ok, JSON.stringify(parsed.ok ? [] : parsed.diagnostics));
  return parsed.runbook;
}

describe('planBindingApprovers', () => {
  it("takes the people and groups of the runbook's approval steps, nested ones included", () => {
    const def = runbook(`  access: { people: [carol] }
  steps:
    - id: ok
      uses: approval
      with: { message: go?, approvers: { people: [alice], groups: [sre] } }
    - id: both
      parallel:
        - id: inner
          uses: approval
          with: { message: go?, approvers: { people: [bob] } }
        - id: work
          run: ["true"]
`);
    assert.deepEqual(planBindingApprovers(def), { people: ['alice', 'bob'], groups: ['sre'] });
  });

  it('falls back to spec.access when no approval step names anyone', () => {
    const def = runbook(`  access: { people: [carol], groups: [ops] }
  steps:
    - id: work
      run: ["true"]
`);
    assert.deepEqual(planBindingApprovers(def), { people: ['carol'], groups: ['ops'] });
  });

  it('is empty (anyone but the merger) with neither', () => {
    const def = runbook('  steps:\n    - id: work\n      run: ["true"]\n');
    assert.deepEqual(planBindingApprovers(def), { people: [], groups: [] });
  });
});
