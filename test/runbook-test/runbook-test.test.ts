// `runbook test` end to end on fixture runbooks (test/fixtures/runbook-test/): the real
// interpreter on the time-skipping server with mock activities — success, a failure that rolls
// back, a rejected approval, a 3-day approval timeout, a planted broken rollback that fails with
// a diff, the tap/junit/github reports, and an invalid test file that exits 2 before any server.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { githubReport } from '../../src/runbook-test/report/github-report.js';
import { junitReport } from '../../src/runbook-test/report/junit-report.js';
import { tapReport } from '../../src/runbook-test/report/tap-report.js';
import { textReport } from '../../src/runbook-test/report/text-report.js';
import { type FileResult, runTestFiles } from '../../src/runbook-test/run-tests.js';
import { runCli } from '../harness/cli.js';

const fixtures = fileURLToPath(new URL('../fixtures/runbook-test/', import.meta.url));

describe('runbook test on fixture runbooks', () => {
  let dir = '';
  let ship: FileResult;
  let broken: FileResult;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rr-runbook-test-'));
    cpSync(join(fixtures, 'ship'), join(dir, 'ship'), { recursive: true });
    cpSync(join(fixtures, 'ship'), join(dir, 'broken'), { recursive: true });
    // The planted break: the migration's rollback is gone, though a case expects it.
    const runbook = join(dir, 'broken', 'ship.yaml');
    const text = readFileSync(runbook, 'utf8');
    const planted = text.replace('      rollback: { run: [./migrate.sh, --down] }\n', '');
    assert.notEqual(planted, text);
    writeFileSync(runbook, planted);
    [ship, broken] = (await runTestFiles(['ship/ship.test.yaml', 'broken/ship.test.yaml'], {
      cwd: dir,
      env: process.env,
      concurrency: 2,
    })) as [FileResult, FileResult];
  });
  after(() => undefined);

  const caseOf = (file: FileResult, name: string) => {
    const found = file.cases.find((c) => c.name === name);
    assert.ok(found !== undefined, `no case "${name}" in ${file.file}`);
    return found;
  };

  it('passes every case of a correct test file, with traces of what each run did', () => {
    assert.deepEqual(ship.diagnostics, []);
    for (const c of ship.cases) assert.ok(c.passed, `${c.name}: ${JSON.stringify(c)}`);
    const staging = caseOf(ship, 'staging ships without approval');
    assert.deepEqual(staging.trace?.whenOutcomes, [{ step: 'approve', value: false }]);
    const failed = caseOf(ship, 'a failed smoke check undoes the migration and the image');
    assert.deepEqual(failed.trace?.rolledBack, [
      { step: 'migrate', ok: true },
      { step: 'set-image', ok: true },
    ]);
    assert.deepEqual(caseOf(ship, 'a rejected approval changes nothing').trace?.approvals, [
      { step: 'approve', outcome: 'rejected', approvers: [] },
    ]);
    const approved = caseOf(ship, 'an approval after a day ships to prod');
    assert.ok(approved.virtualMs >= 86_400_000, `virtual ${approved.virtualMs} ms`);
  });

  it('runs a 3-day approval timeout in virtual time (wall time printed, not asserted)', () => {
    const timeout = caseOf(ship, 'nobody answers for 3 days');
    assert.equal(timeout.trace?.status, 'Failed');
    assert.deepEqual(timeout.trace?.approvals, [
      { step: 'approve', outcome: 'timedOut', approvers: [] },
    ]);
    assert.ok(timeout.virtualMs >= 3 * 86_400_000, `virtual ${timeout.virtualMs} ms`);
    console.log(
      `# the 3-day approval timeout case took ${timeout.durationMs} ms of wall time (${timeout.virtualMs / 3_600_000} h virtual)`,
    );
  });

  it('fails the case that expects the planted broken rollback, with an expected/actual diff', () => {
    const c = caseOf(broken, 'a failed smoke check undoes the migration and the image');
    assert.equal(c.passed, false);
    const report = textReport([broken], 0);
    assert.match(report, /✖ a failed smoke check undoes the migration and the image \(\d+ms\)/);
    assert.match(report, /expect\.rolledBack: the steps rolled back differ/);
    assert.match(report, /^ {6}- migrate$/m);
    assert.match(report, /^ {8}set-image$/m);
    assert.match(report, /expect\.calls\[0\]: the rollback of step "migrate" was never called/);
    assert.match(report, /ℹ fail 1/);
    assert.ok(caseOf(broken, 'staging ships without approval').passed);
  });

  it('reports as TAP, JUnit XML and GitHub annotations at the broken expectation', () => {
    const tap = tapReport([ship, broken]);
    assert.match(tap, /^TAP version 13$/m);
    assert.match(tap, /^ok 1 - ship\/ship\.test\.yaml › staging ships without approval$/m);
    assert.match(tap, /^not ok 7 - broken\/ship\.test\.yaml › a failed smoke check/m);
    assert.match(tap, /^1\.\.10$/m);
    assert.match(tap, /^# fail 1$/m);
    const junit = junitReport([ship, broken]);
    assert.match(junit, /<testsuite name="broken\/ship\.test\.yaml" tests="5" failures="1"/);
    assert.match(junit, /<failure message="expect\.rolledBack: the steps rolled back differ">/);
    const github = githubReport([ship, broken]);
    const lines = github.trim().split('\n');
    assert.equal(lines.length, 2, github);
    // expect.rolledBack of the second case is on line 24 of the test file.
    assert.match(
      lines[0] ?? '',
      /^::error file=broken\/ship\.test\.yaml,line=24,col=19,title=RB9130::case "a failed smoke check/,
    );
  });

  it('exits 2 on a test file that expects a step the runbook does not have, naming file:line:col', async () => {
    const { code, output } = await runCli(
      ['test', join(fixtures, 'invalid')],
      {},
      { cwd: fixtures },
    );
    assert.equal(code, 2, output);
    assert.match(
      output,
      /invalid\/ship\.test\.yaml:9:24: error: case "expects a step the runbook does not have": ship has no step "deploy", so the runbook cannot reach it \[RB9111\]/,
    );
  });
});
