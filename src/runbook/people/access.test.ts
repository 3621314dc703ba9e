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

describe('checkStartAccess with what Slack knows', () => {
  it('lets a member of a listed Slack user group start, as Slack answered, not anyone else', () => {
    const def = runbook('  access: { people: [bob], slackUserGroups: [S0ONCALL] }');
    assert.equal(
      checkStartAccess(def, directory, 'slack:U0CAROL', { slackUserGroups: ['S0ONCALL'] }),
      undefined,
    );
    assert.equal(
      checkStartAccess(def, directory, 'slack:U0CAROL', { slackUserGroups: [] }),
      'slack:U0CAROL may not start runbook "guarded"; spec.access allows: bob, Slack user group <!subteam^S0ONCALL>',
    );
    // Without a lookup (the CLI), a Slack user group admits nobody.
    assert.match(checkStartAccess(def, directory, 'cli:carol') ?? '', /may not start/);
  });

  it('refuses a Slack start from a channel outside spec.access.channels, even for a listed person', () => {
    const def = runbook('  access: { people: [alice], channels: [C0OPS] }');
    assert.equal(
      checkStartAccess(def, directory, 'slack:U0ALICE', { slackChannel: 'C0OTHER' }),
      'runbook "guarded" may not be started from this channel; spec.access.channels allows: <#C0OPS>',
    );
    assert.equal(
      checkStartAccess(def, directory, 'slack:U0ALICE', { slackChannel: 'C0OPS' }),
      undefined,
    );
    // The channel list restricts where in Slack, not the CLI.
    assert.equal(checkStartAccess(def, directory, 'cli:alice'), undefined);
  });

  it('with only channels, lets anyone start from those channels', () => {
    const def = runbook('  access: { channels: [C0OPS] }');
    assert.equal(
      checkStartAccess(def, directory, 'slack:U0NEW', { slackChannel: 'C0OPS' }),
      undefined,
    );
    assert.notEqual(
      checkStartAccess(def, directory, 'slack:U0NEW', { slackChannel: 'C0X' }),
      undefined,
    );
  });
});
