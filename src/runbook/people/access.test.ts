import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunbookDefinition } from '../model.js';
import { parseRunbook } from '../parse.js';
import { checkStartAccess } from './access.js';
import { EMPTY_PEOPLE, type PeopleDirectory } from './model.js';

const directory: PeopleDirectory = {
  file: 'people.yaml',
  people: {
    alice: { cli: ['alice', 'alice-laptop'], slack: ['U0ALICE'], github: [] },
    bob: { cli: ['bob'], slack: [], github: [] },
    carol: { cli: ['carol'], slack: [], github: [] },
  },
  groups: { sre: ['alice'] },
};

function runbook(access: string): RunbookDefinition {
  const parsed = parseRunbook(
    `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: guarded }
spec:
${access}
  steps:
    - id: one
      run: [echo, hi]
`,
    'guarded.yaml',
  );
  assert.ok(parsed.ok, JSON.stringify(parsed.diagnostics));
  return parsed.runbook;
}

describe('checkStartAccess', () => {
  it('lets anyone start a runbook without an access block', () => {
    assert.equal(checkStartAccess(runbook(''), EMPTY_PEOPLE, 'cli:anyone'), undefined);
  });

  it('lets the people listed, and members of the groups listed, start it under any of their identities', () => {
    const def = runbook('  access: { people: [bob], groups: [sre] }');
    for (const identity of ['cli:bob', 'cli:alice-laptop', 'slack:U0ALICE']) {
      assert.equal(checkStartAccess(def, directory, identity), undefined, identity);
    }
  });

  it('refuses everybody else, naming who may start', () => {
    const def = runbook('  access: { people: [bob], groups: [sre] }');
    assert.equal(
      checkStartAccess(def, directory, 'cli:carol'),
      'cli:carol (carol) may not start runbook "guarded"; spec.access allows: bob, group sre',
    );
    assert.equal(
      checkStartAccess(def, directory, 'cli:mallory'),
      'cli:mallory may not start runbook "guarded"; spec.access allows: bob, group sre',
    );
  });

  it('says when no people.yaml was found, since then no identity can be anyone listed', () => {
    const def = runbook('  access: { people: [bob] }');
    assert.match(
      checkStartAccess(def, EMPTY_PEOPLE, 'cli:bob') ?? '',
      /^cli:bob may not start runbook "guarded"; spec.access allows: bob \(no people.yaml was found/,
    );
  });
});
