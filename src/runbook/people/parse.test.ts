import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePeople } from './parse.js';

const head = 'apiVersion: runbook-runner/v1\nkind: People\n';

describe('parsePeople', () => {
  it('normalizes every person to all three channels and keeps the file path', () => {
    const result = parsePeople(
      `${head}people:
  alice: { cli: [alice, alice-laptop], slack: [U0ALICE], github: [alice-gh] }
  bob:   { cli: [bob] }
groups:
  sre: [alice, bob]
`,
      'runbooks/people.yaml',
    );
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.directory, {
      file: 'runbooks/people.yaml',
      people: {
        alice: { cli: ['alice', 'alice-laptop'], slack: ['U0ALICE'], github: ['alice-gh'] },
        bob: { cli: ['bob'], slack: [], github: [] },
      },
      groups: { sre: ['alice', 'bob'] },
    });
  });

  it('reports an identity listed under two people at the second one, with line:col', () => {
    const result = parsePeople(
      `${head}people:
  alice: { cli: [alice] }
  bob: { cli: [bob, alice] }
`,
      'people.yaml',
    );
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.ok ? [] : result.diagnostics.map((d) => [d.code, `${d.line}:${d.column}`, d.message]),
      [['RB6003', '5:21', 'identity cli:alice is listed under both "alice" and "bob"']],
    );
  });

  it('treats GitHub logins case-insensitively when looking for an identity claimed twice', () => {
    const result = parsePeople(
      `${head}people:\n  a: { github: [Octo] }\n  b: { github: [octo] }\n`,
      'people.yaml',
    );
    assert.equal(result.ok, false);
    assert.equal(result.ok ? '' : result.diagnostics[0]?.code, 'RB6003');
  });

  it('reports a group member who is not in people:, with a did-you-mean', () => {
    const result = parsePeople(
      `${head}people:\n  alice: { cli: [alice] }\ngroups:\n  sre: [alice, alcie]\n`,
      'people.yaml',
    );
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.ok
        ? []
        : result.diagnostics.map((d) => [d.code, `${d.line}:${d.column}`, d.message, d.hint]),
      [
        [
          'RB6004',
          '6:16',
          'group "sre" names "alcie", who is not in people:',
          'did you mean "alice"?',
        ],
      ],
    );
  });

  it('reports shape errors with the runbook codes: unknown channel, identity with a colon, wrong kind', () => {
    const result = parsePeople(
      `apiVersion: runbook-runner/v1
kind: Runbook
people:
  alice: { cli: ["cli:alice"], email: [a@example.com] }
`,
      'people.yaml',
    );
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.ok ? [] : result.diagnostics.map((d) => [d.code, `${d.line}:${d.column}`]),
      [
        ['RB1004', '2:7'],
        ['RB1004', '4:18'],
        ['RB1001', '4:32'],
      ],
    );
  });

  it('reports YAML syntax and duplicate keys with their position', () => {
    const duplicate = parsePeople(
      `${head}people:\n  alice: { cli: [a] }\n  alice: { cli: [b] }\n`,
      'people.yaml',
    );
    assert.equal(duplicate.ok, false);
    assert.deepEqual(
      duplicate.ok ? [] : duplicate.diagnostics.map((d) => [d.code, d.line, d.column]),
      [['RB1006', 5, 3]],
    );
    const broken = parsePeople(`${head}people: { alice: [\n`, 'people.yaml');
    assert.equal(broken.ok, false);
    assert.equal(broken.ok ? '' : broken.diagnostics[0]?.code, 'RB1005');
  });
});
