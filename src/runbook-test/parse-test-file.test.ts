import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRunbook } from '../runbook/parse.js';
import { parsePeople } from '../runbook/people/index.js';
import { checkAgainstRunbook } from './check-against-runbook.js';
import { parseTestFile } from './parse-test-file.js';

const RUNBOOK = `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: deploy }
spec:
  params:
    image: { type: string }
    env: { type: string, enum: [staging, prod], default: staging }
  steps:
    - id: approve
      when: "\${{ params.env == 'prod' }}"
      uses: approval
      with: { message: ship?, approvers: { groups: [sre] }, timeout: 4h }
    - id: set-image
      uses: kubernetes.setImage
      with: { namespace: shop, name: web, containers: { web: "\${{ params.image }}" } }
    - id: smoke
      run: [curl, -fsS, https://web.test/healthz]
    - id: notify
      run: [echo, done]
      rollback: { run: [echo, undo] }
`;

const PEOPLE = `apiVersion: runbook-runner/v1
kind: People
people:
  alice: { cli: [alice] }
  bob: { cli: [bob] }
groups:
  sre: [alice, bob]
`;

function target() {
  const runbook = parseRunbook(RUNBOOK, 'deploy.yaml');
  const people = parsePeople(PEOPLE, 'people.yaml');
  assert.ok(runbook.ok && people.ok);
  return { definition: runbook.runbook, people: { ...people.directory, file: 'people.yaml' } };
}

const HEAD = 'apiVersion: runbook-runner/v1\nkind: RunbookTest\nrunbook: deploy\ncases:\n';

/** Parses and cross-checks `cases` (YAML under `cases:`), returning `code line:col message`. */
function problems(cases: string): string[] {
  const parsed = parseTestFile(HEAD + cases, 'deploy.test.yaml');
  const diagnostics = parsed.ok
    ? checkAgainstRunbook(parsed.test, parsed.locator, target())
    : parsed.diagnostics;
  return diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message} | ${d.hint ?? ''}`);
}

describe('parseTestFile', () => {
  it('normalizes the contract shape: durations in ms, decisions, mocks, calls', () => {
    const parsed = parseTestFile(
      `${HEAD}  - name: rolls back
    params: { image: "web:2", env: prod }
    approvals:
      - { step: approve, after: 30m, approve: [alice] }
      - { step: approve }
    steps:
      set-image: { outputs: { previous: "web:1" }, duration: 2m }
      smoke: { fail: { exitCode: 22, stderr: refused, attempts: 2 } }
    expect:
      status: RolledBack
      ran: [approve, set-image, smoke]
      rolledBack: [set-image]
      calls:
        - { step: set-image, with: { containers: { web: "web:2" } } }
        - { step: smoke, argv: [curl, -fsS, "https://web.test/healthz"] }
`,
      'deploy.test.yaml',
    );
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.diagnostics));
    const [c] = parsed.test.cases;
    assert.ok(c !== undefined);
    assert.deepEqual(c.position, { line: 5, column: 11 });
    assert.deepEqual(c.approvals, [
      { step: 'approve', afterMs: 1_800_000, decision: 'approve', people: ['alice'] },
      { step: 'approve', afterMs: 0, decision: 'timeout', people: [] },
    ]);
    assert.deepEqual(c.steps['set-image'], {
      real: false,
      outputs: { previous: 'web:1' },
      durationMs: 120_000,
    });
    assert.deepEqual(c.steps.smoke?.fail, { exitCode: 22, stderr: 'refused', attempts: 2 });
    assert.deepEqual(c.expect.calls?.[1], {
      step: 'smoke',
      rollback: false,
      argv: ['curl', '-fsS', 'https://web.test/healthz'],
    });
    assert.deepEqual(checkAgainstRunbook(parsed.test, parsed.locator, target()), []);
  });

  it('refuses an unknown key at its position, naming the key it meant', () => {
    assert.deepEqual(
      problems('  - name: a\n    expect: { status: Succeeded, rolledback: [x] }\n'),
      ['RB9101 6:34 unknown key "rolledback" in cases[0].expect | did you mean "rolledBack"?'],
    );
  });

  it('refuses a status that no run ends in, listing the ones that exist', () => {
    const [problem] = problems('  - name: a\n    expect: { status: Done }\n');
    assert.match(
      problem ?? '',
      /^RB9104 6:23 cases\[0\]\.expect\.status cannot be the string "Done"/,
    );
    assert.match(problem ?? '', /"Succeeded"/);
  });

  it('refuses a bad duration with the duration rule', () => {
    const [problem] = problems(
      '  - name: a\n    approvals: [{ step: approve, after: 30 minutes }]\n    expect: { status: Succeeded }\n',
    );
    assert.match(problem ?? '', /^RB9106 6:41 /);
  });

  it('refuses a file of another kind, saying what a test file starts with', () => {
    const parsed = parseTestFile(RUNBOOK, 'deploy.test.yaml');
    assert.ok(!parsed.ok);
    assert.equal(parsed.diagnostics[0]?.code, 'RB9105');
    assert.equal(parsed.diagnostics[0]?.line, 2);
    assert.match(parsed.diagnostics[0]?.hint ?? '', /kind: RunbookTest/);
  });

  it('refuses a case that expects nothing, two cases of one name, and approve with reject', () => {
    assert.deepEqual(
      problems(`  - name: a
    approvals: [{ step: approve, approve: [alice], reject: [bob] }]
    expect: {}
  - name: a
    expect: { status: Succeeded }
`).map((p) => p.split(' ').slice(0, 2).join(' ')),
      ['RB9119 6:52', 'RB9120 7:13', 'RB9116 8:11'],
    );
  });

  it('keeps YAML-level checks: a duplicate key is refused where it is', () => {
    const [problem] = problems('  - name: a\n    name: b\n    expect: { status: Succeeded }\n');
    assert.match(problem ?? '', /^RB1006 6:5 /);
  });

  it('bounds the file: more cases than the limit are refused', () => {
    const many = Array.from(
      { length: 201 },
      (_, i) => `  - { name: c${i}, expect: { status: Succeeded } }\n`,
    );
    const [problem] = problems(many.join(''));
    assert.match(problem ?? '', /^RB9104 .*cases must have at most 200 items/);
  });
});

describe('checkAgainstRunbook', () => {
  it('reports every step, approval step and person the runbook cannot reach, with a guess', () => {
    assert.deepEqual(
      problems(`  - name: typos
    params: { image: "web:2" }
    approvals: [{ step: set-image, approve: [alise] }]
    steps: { smok: { outputs: {} } }
    expect:
      ran: [approve, deploy]
      approvers: { approve: [carol] }
`),
      [
        'RB9112 7:25 case "typos": step "set-image" is not an approval step (uses: approval) | the approval steps of deploy are: approve',
        'RB9113 7:46 case "typos": "alise" is not a person of people.yaml | did you mean "alice"?',
        'RB9111 8:14 case "typos": deploy has no step "smok", so the runbook cannot reach it | did you mean "smoke"?',
        'RB9111 10:22 case "typos": deploy has no step "deploy", so the runbook cannot reach it | the steps of deploy are: approve, set-image, smoke, notify',
        'RB9113 11:30 case "typos": "carol" is not a person of people.yaml | the people are: alice, bob',
      ],
    );
  });

  it('refuses mocks that do not fit the step and expectations the runbook can never meet', () => {
    assert.deepEqual(
      problems(`  - name: misfits
    params: { image: "web:2" }
    steps:
      approve: { outputs: {} }
      set-image: { real: true }
      smoke: { rollback: { fail: { message: x } } }
    expect:
      skipped: [smoke]
      rolledBack: [smoke, set-image, notify]
      calls:
        - { step: smoke, with: { a: 1 } }
        - { step: set-image, argv: [x] }
        - { step: approve, with: { a: 1 } }
`).map((p) => p.split(' | ')[0]),
      [
        'RB9114 8:7 case "misfits": step "approve" is an approval: it runs no activity to mock',
        'RB9114 9:7 case "misfits": real: true runs a run: step for real; "set-image" is a uses: step',
        'RB9118 10:16 case "misfits": step "smoke" has no rollback (no rollback: and no built-in undo) to mock',
        'RB9118 12:17 case "misfits": step "smoke" has no when:, so it is never skipped',
        'RB9118 13:20 case "misfits": step "smoke" has no rollback (no rollback: and no built-in undo), so it is never rolled back',
        'RB9114 15:26 case "misfits": with: is what a uses: step is called with; "smoke" is a run: step',
        'RB9114 16:30 case "misfits": argv: is what a run: step is called with; "set-image" is a uses: step',
        'RB9114 17:19 case "misfits": step "approve" runs no activity, so it makes no call to expect',
      ],
    );
  });

  it('checks params as `runbook run -p` does, at the param or the case name', () => {
    assert.deepEqual(
      problems('  - name: p\n    params: { env: dev }\n    expect: { status: Succeeded }\n').map(
        (p) => p.split(' ').slice(0, 2).join(' '),
      ),
      ['RB9115 5:11', 'RB9115 6:15'],
    );
  });
});
