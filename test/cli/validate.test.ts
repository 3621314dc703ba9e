// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const env = { ...process.env, RUNBOOK_FROM_SOURCE: '1' };

function runbook(...args: string[]) {
  return spawnSync(process.execPath, ['bin/runbook.js', ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
}

describe('runbook validate (process)', () => {
  it('prints GitHub annotations with file, line and col and exits 1 on errors', () => {
    const result = runbook(
      'validate',
      '--format',
      'github',
      'test/fixtures/invalid/unknown-key.yaml',
      'test/fixtures/invalid/shell-injection.yaml',
    );
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      '::error file=test/fixtures/invalid/shell-injection.yaml,line=10,col=27,endLine=10,endColumn=44,title=RB3007::${{ params.env }} inside a shell script could inject code into the shell%0Apass it through env and quote it in the script: env: { ENV: "${{ params.env }}" } and use "$ENV" in run:',
      '::error file=test/fixtures/invalid/unknown-key.yaml,line=8,col=7,endLine=8,endColumn=13,title=RB1001::unknown key "timout" in spec.steps[0]%0Adid you mean "timeout"?',
    ]);
  });

  it('exits 0 and says so for valid files', () => {
    const result = runbook('validate', 'test/fixtures/runbooks/valid');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, '1 runbook file(s) and 1 people file(s) valid\n');
  });

  it('leaves the test files beside runbooks (*.test.yaml) out of a folder it validates', () => {
    const result = runbook('validate', 'runbooks/examples');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, '3 runbook file(s) and 1 people file(s) valid\n');
  });

  it('prints a code frame in text format', () => {
    const result = runbook('validate', 'test/fixtures/invalid/unknown-key.yaml');
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /unknown-key\.yaml:8:7: error: unknown key "timout" in spec\.steps\[0\] \[RB1001\]\n {2}8 \| {7}timout: 5m\n {4}\| {7}\^{6}\n {2}hint: did you mean "timeout"\?/,
    );
  });

  it('refuses an unknown format with exit code 2', () => {
    const result = runbook('validate', '--format', 'xml');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--format must be one of text, json, github/);
  });

  it('checks people.yaml files and finds the nearest one above each runbook for its approvals and access', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rr-validate-people-'));
    mkdirSync(join(dir, 'runbooks', 'ops'), { recursive: true });
    const head =
      'apiVersion: runbook-runner/v1\nkind: People\npeople:\n  alice: { cli: [alice] }\n';
    writeFileSync(
      join(dir, 'runbooks', 'people.yaml'),
      `${head}  bob: { cli: [bob] }\ngroups:\n  sre: [alice, bob]\n`,
    );
    mkdirSync(join(dir, 'teams'));
    writeFileSync(join(dir, 'teams', 'people.yaml'), `${head}  bob: { cli: [bob, alice] }\n`);
    writeFileSync(
      join(dir, 'runbooks', 'ops', 'gate.yaml'),
      `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: gate }
spec:
  access: { people: [carol] }
  steps:
    - id: gate
      uses: approval
      with: { message: go?, approvers: { groups: [sre] }, required: 3 }
`,
    );
    const result = spawnSync(
      process.execPath,
      [join(root, 'bin/runbook.js'), 'validate', 'runbooks', 'teams'],
      {
        cwd: dir,
        env,
        encoding: 'utf8',
      },
    );
    assert.equal(result.status, 1, result.stderr);
    const errors = result.stderr.split('\n').filter((line) => line.includes(': error: '));
    assert.deepEqual(errors, [
      'runbooks/ops/gate.yaml:5:22: error: unknown person "carol" [RB6001]',
      'runbooks/ops/gate.yaml:9:69: error: approval needs 3 different approvers but only 2 persons can approve (alice, bob) [RB2008]',
      'teams/people.yaml:5:21: error: identity cli:alice is listed under both "alice" and "bob" [RB6003]',
    ]);
  });
});
