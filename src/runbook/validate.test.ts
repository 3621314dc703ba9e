import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateRunbookSet } from './validate.js';

const runbook = (name: string, child?: string) => ({
  file: `runbooks/${name}.yaml`,
  text: `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: ${name} }
spec:
  steps:
    - id: work
      run: ["true"]
${child === undefined ? '' : `    - id: call\n      runbook: ${child}\n`}`,
});

describe('validateRunbookSet', () => {
  it('accepts child runbooks that exist and form no cycle', () => {
    const result = validateRunbookSet([runbook('a', 'b'), runbook('b', 'c'), runbook('c')]);
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.runbooks.length, 3);
  });

  it('reports a cycle across files at the step that closes it', () => {
    const result = validateRunbookSet([runbook('a', 'b'), runbook('b', 'c'), runbook('c', 'a')]);
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.file, d.line, d.column, d.message]),
      [['RB2009', 'runbooks/c.yaml', 8, 7, 'child runbooks form a cycle: a → b → c → a']],
    );
  });

  it('reports a child runbook that does not exist, with a suggestion', () => {
    const result = validateRunbookSet([runbook('deploy', 'rollbak'), runbook('rollback')]);
    assert.equal(result.diagnostics[0]?.code, 'RB2010');
    assert.equal(result.diagnostics[0]?.hint, 'did you mean "rollback"?');
  });

  it('reports two files with the same runbook name', () => {
    const result = validateRunbookSet([
      runbook('a'),
      { ...runbook('a'), file: 'runbooks/other.yaml' },
    ]);
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.file]),
      [['RB2011', 'runbooks/other.yaml']],
    );
  });
});
