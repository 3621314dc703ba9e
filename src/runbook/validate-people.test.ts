import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRunbook } from './parse.js';
import { EMPTY_PEOPLE, type PeopleDirectory } from './people/model.js';
import { checkPeopleUse } from './validate-people.js';

const directory: PeopleDirectory = {
  file: 'runbooks/people.yaml',
  people: {
    alice: { cli: ['alice'], slack: [], github: [] },
    bob: { cli: ['bob'], slack: [], github: [] },
  },
  groups: { sre: ['alice', 'bob'], solo: ['alice'] },
};

/** `null`: no directory at all (the caller has none). */
function check(body: string, people: PeopleDirectory | null = directory) {
  const text = `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: gated }
spec:
${body}`;
  const parsed = parseRunbook(text, 'gated.yaml');
  assert.ok(parsed.ok, JSON.stringify(parsed.diagnostics));
  return checkPeopleUse(text, 'gated.yaml', people ?? undefined).map((d) =>
    d.hint === undefined
      ? [d.code, `${d.line}:${d.column}`, d.message]
      : [d.code, `${d.line}:${d.column}`, d.message, d.hint],
  );
}

const gate = (withYaml: string) => `  steps:
    - id: prep
      run: [echo, hi]
    - id: outer
      parallel:
        - id: gate
          uses: approval
          with: ${withYaml}
`;

describe('checkPeopleUse', () => {
  it('accepts known people and groups in access and approvers, and an empty approver list', () => {
    assert.deepEqual(
      check(
        `  access: { people: [bob], groups: [sre] }\n${gate('{ message: go?, approvers: { groups: [sre] }, required: 2, allowSelfApproval: true }')}`,
      ),
      [],
    );
    assert.deepEqual(check(gate('{ message: go? }')), []);
  });

  it('reports an approval no allowed starter could pass: every starter is one of exactly `required` approvers', () => {
    const body = (extra: string) =>
      `  access: { groups: [sre] }\n${gate(`{ message: go?, approvers: { groups: [sre] }, required: 2${extra} }`)}`;
    assert.deepEqual(check(body('')), [
      [
        'RB2008',
        '13:73',
        'approval needs 2 different approvers, but whoever starts the run (spec.access: alice, bob) is one of the 2 and may not approve their own run, so no run could pass',
        'lower "required" to 1, add an approver who may not start the run, or set allowSelfApproval: true',
      ],
    ]);
    // Self-approval allowed, or a starter who is not an approver: some run can pass.
    assert.deepEqual(check(body(', allowSelfApproval: true')), []);
    assert.deepEqual(
      check(
        `  access: { groups: [solo] }\n${gate('{ message: go?, approvers: { people: [bob] } }')}`,
      ),
      [],
    );
  });

  it('reports unknown people and groups at their place, nested steps included, with a did-you-mean', () => {
    assert.deepEqual(
      check(gate('{ message: go?, approvers: { people: [alcie], groups: [sres] } }')),
      [
        ['RB6001', '12:55', 'unknown person "alcie"', 'did you mean "alice"?'],
        ['RB6002', '12:72', 'unknown group "sres"', 'did you mean "sre"?'],
      ],
    );
    assert.deepEqual(
      check('  access: { people: [zed] }\n  steps:\n    - id: one\n      run: [echo]\n'),
      [
        [
          'RB6001',
          '5:22',
          'unknown person "zed"',
          'people defined in runbooks/people.yaml: alice, bob',
        ],
      ],
    );
  });

  it('says that no people.yaml was found when the directory is empty', () => {
    assert.deepEqual(
      check(
        '  access: { groups: [sre] }\n  steps:\n    - id: one\n      run: [echo]\n',
        EMPTY_PEOPLE,
      ),
      [
        [
          'RB6002',
          '5:22',
          'unknown group "sre"',
          'no people.yaml was found beside the runbook or in a folder above it; add one (kind: People) that defines "sre"',
        ],
      ],
    );
  });

  it('reports an approval that nobody could pass: more required than distinct eligible persons', () => {
    assert.deepEqual(
      check(gate('{ message: go?, approvers: { people: [alice], groups: [solo] }, required: 2 }')),
      [
        [
          'RB2008',
          '12:91',
          'approval needs 2 different approvers but only 1 person can approve (alice)',
          'lower "required" to at most 1, or add people or groups to approvers',
        ],
      ],
    );
  });

  it('counts Slack user groups as approvers: no RB2008 when members of one may decide, names still checked', () => {
    assert.deepEqual(
      check(
        gate(
          '{ message: go?, approvers: { people: [alice], slackUserGroups: [S0ONCALL] }, required: 3 }',
        ),
      ),
      [],
    );
    assert.deepEqual(
      check(gate('{ message: go?, approvers: { slackUserGroups: [S0ONCALL] } }')),
      [],
    );
    assert.deepEqual(
      check(
        gate(
          '{ message: go?, approvers: { groups: [sres], slackUserGroups: [S0ONCALL] }, required: 2 }',
        ),
      ).map((d) => [d[0], d[2]]),
      [['RB6002', 'unknown group "sres"']],
    );
  });

  it('without a directory, still counts the people listed, and leaves groups undecided', () => {
    assert.deepEqual(
      check(gate('{ message: go?, approvers: { people: [alice] }, required: 3 }'), null).map(
        (d) => d[0],
      ),
      ['RB2008'],
    );
    assert.deepEqual(
      check(gate('{ message: go?, approvers: { groups: [x] }, required: 3 }'), null),
      [],
    );
  });

  it('reports an access block that lists nobody', () => {
    assert.deepEqual(check('  access: {}\n  steps:\n    - id: one\n      run: [echo]\n'), [
      [
        'RB6006',
        '5:11',
        'spec.access lists nobody: no one could start this runbook',
        'name people or groups from people.yaml, or remove access: to let anyone start it',
      ],
    ]);
  });
  it('checks that a bare escalateAfter.mention is a group of people.yaml, at file:line:col', () => {
    assert.deepEqual(
      check(gate('{ message: go?, escalateAfter: { after: 30m, mention: sre } }')),
      [],
    );
    assert.deepEqual(
      check(gate('{ message: go?, escalateAfter: { after: 30m, mention: "@sre-oncall" } }')),
      [],
    );
    assert.deepEqual(check(gate('{ message: go?, escalateAfter: { after: 30m, mention: sr } }')), [
      [
        'RB6002',
        '12:71',
        'unknown group "sr" in escalateAfter.mention',
        'did you mean "sre"? (a Slack user group is written @handle)',
      ],
    ]);
  });
});
