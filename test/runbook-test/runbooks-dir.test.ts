/**
 * Issue 14 acceptance, through the CLI as a user runs it: every test file shipped under runbooks/
 * passes (`runbook test runbooks/`), a planted change that breaks a rollback a case relies on
 * fails with a readable diff naming the step, and `runbook test --coverage` on deploy-service names
 * every step and `when:` branch of the runbook file.
 */
import assert from 'node:assert/strict';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { parseRunbook, type Step } from '../../src/runbook/index.js';
import { parsePeople } from '../../src/runbook/people/index.js';
import { checkAgainstRunbook } from '../../src/runbook-test/check-against-runbook.js';
import { isTestFileName, parseTestFile } from '../../src/runbook-test/parse-test-file.js';
import { repoRoot } from '../../src/testing/toolchain.js';
import { runCli } from '../harness/cli.js';

/** `runbook test` over all shipped files: each case is a run on the time-skipping server. */
const TEST_ALL_MS = 300_000;

function testFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFilesUnder(path);
    return isTestFileName(entry.name) ? [path] : [];
  });
}

/** Every case name of every test file under runbooks/, read with the test format's own parser. */
function shippedCases(): { file: string; name: string }[] {
  return testFilesUnder(join(repoRoot, 'runbooks')).flatMap((path) => {
    const file = relative(repoRoot, path);
    const parsed = parseTestFile(readFileSync(path, 'utf8'), file);
    assert.ok(parsed.ok, `${file}: ${JSON.stringify(!parsed.ok && parsed.diagnostics)}`);
    return parsed.test.cases.map((c) => ({ file, name: c.name }));
  });
}

function allSteps(steps: readonly Step[]): Step[] {
  return steps.flatMap((step) =>
    step.kind === 'parallel' || step.kind === 'forEach' ? [step, ...allSteps(step.steps)] : [step],
  );
}

/** A scratch repository folder holding `runbooks/` with the given files of this repository's. */
function scratchRunbooks(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rr-runbook-test-'));
  mkdirSync(join(dir, 'runbooks'));
  for (const [name, text] of Object.entries(files))
    writeFileSync(join(dir, 'runbooks', name), text);
  copyFileSync(join(repoRoot, 'runbooks', 'people.yaml'), join(dir, 'runbooks', 'people.yaml'));
  return dir;
}

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

describe('runbook test on the shipped runbooks', () => {
  it('every runbook in runbooks/ (examples included) has a test file beside it', () => {
    const runbooks = readdirSync(join(repoRoot, 'runbooks'), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.yaml') && !isTestFileName(name))
      .filter((name) => !name.endsWith('people.yaml'));
    assert.ok(runbooks.length >= 9, runbooks.join(', '));
    const tests = new Set(
      testFilesUnder(join(repoRoot, 'runbooks')).map((p) =>
        relative(join(repoRoot, 'runbooks'), p),
      ),
    );
    for (const runbook of runbooks) {
      assert.ok(tests.has(runbook.replace(/\.yaml$/, '.test.yaml')), `${runbook} has no test file`);
    }
  });

  it('runbook test runbooks/ passes every case and exits 0', async () => {
    const cases = shippedCases();
    assert.ok(cases.length >= 40, `${cases.length} cases`);
    const { code, output } = await runCli(
      ['test', '--format', 'tap', 'runbooks/'],
      {},
      {
        cwd: repoRoot,
        timeoutMs: TEST_ALL_MS,
      },
    );
    assert.equal(code, 0, output);
    assert.doesNotMatch(output, /^\s*not ok /m, output);
    for (const { file, name } of cases) {
      assert.ok(
        output.includes(name),
        `case "${name}" of ${file} is not in the report:\n${output}`,
      );
    }
  });

  it('a change that stops a failure from rolling back set-image fails with a diff naming the step', async () => {
    // Making the rollout non-fatal is the classic way to lose a rollback: the run "succeeds" with
    // the broken image left in place. The cases that expect set-image to be rolled back must say so.
    const runbook = read('runbooks/deploy-service.yaml');
    const broken = runbook.replace(
      '      timeoutSeconds: 600\n      timeout: 11m\n',
      '      timeoutSeconds: 600\n      timeout: 11m\n      continueOnError: true\n',
    );
    assert.notEqual(broken, runbook, 'the plant found its place in deploy-service.yaml');
    const dir = scratchRunbooks({
      'deploy-service.yaml': broken,
      'deploy-service.test.yaml': read('runbooks/deploy-service.test.yaml'),
    });
    const { code, output } = await runCli(
      ['test', 'runbooks/'],
      {},
      { cwd: dir, timeoutMs: TEST_ALL_MS },
    );
    assert.equal(code, 1, output);
    assert.match(output, /a rollout that never becomes ready puts the old image back/);
    // The diff: what the case expected rolled back, against what was.
    assert.match(output, /rolledBack/);
    assert.match(output, /set-image/);
    assert.match(output, /RolledBack/);
    assert.match(output, /Succeeded/);
  });

  it('removing the rollback: a case expects is refused, naming the step', async () => {
    const runbook = read('runbooks/examples/release-with-approval.yaml');
    const start = runbook.indexOf(
      '      rollback:\n        shell: bash\n        run: echo "$PREVIOUS"',
    );
    const end = runbook.indexOf('    - id: verify');
    assert.ok(start > 0 && end > start, 'the rollback of release is where the plant expects it');
    const dir = scratchRunbooks({
      'release-with-approval.yaml': runbook.slice(0, start) + runbook.slice(end),
      'release-with-approval.test.yaml': read('runbooks/examples/release-with-approval.test.yaml'),
    });
    const { code, output } = await runCli(
      ['test', 'runbooks/'],
      {},
      { cwd: dir, timeoutMs: TEST_ALL_MS },
    );
    assert.notEqual(code, 0, output);
    assert.match(output, /release-with-approval\.test\.yaml:\d+:\d+/);
    assert.match(output, /step "release" has no rollback/);
  });

  it('runbook test --coverage runbooks/deploy-service.yaml names every step and when: branch', async () => {
    const file = 'runbooks/deploy-service.yaml';
    const parsed = parseRunbook(read(file), file);
    assert.ok(parsed.ok);
    const steps = allSteps([...parsed.runbook.steps, ...parsed.runbook.onFailure]);
    const { code, output } = await runCli(
      ['test', '--coverage', file],
      {},
      {
        cwd: repoRoot,
        timeoutMs: TEST_ALL_MS,
      },
    );
    assert.equal(code, 0, output);
    const coverage = output.slice(output.indexOf('coverage of deploy-service'));
    assert.ok(coverage.length > 0, output);
    const section = (title: string) => {
      const start = coverage.indexOf(`\n  ${title}\n`);
      assert.ok(start >= 0, `no "${title}" section in:\n${coverage}`);
      const rest = coverage.slice(start + title.length + 4);
      return rest.slice(0, rest.search(/\n {2}\S|$/));
    };
    const listed = (text: string) => [...text.matchAll(/^ {4}[✔✖] (\S+)/gm)].map((m) => m[1]);
    assert.deepEqual(
      listed(section('steps')),
      steps.map((s) => s.id),
    );
    assert.deepEqual(
      listed(section('when: branches')),
      steps.filter((s) => s.when !== undefined).map((s) => s.id),
    );
    // The shipped cases walk every path of deploy-service.
    assert.match(coverage, /\n {2}everything was exercised/, coverage);
  });

  it('the example in docs/testing-runbooks.md is a valid test of deploy-service', () => {
    const docs = read('docs/testing-runbooks.md');
    const example =
      /```yaml\n(apiVersion: runbook-runner\/v1\nkind: RunbookTest\n[\s\S]*?)```/.exec(docs)?.[1];
    assert.ok(example !== undefined, 'docs/testing-runbooks.md shows a RunbookTest');
    const parsed = parseTestFile(example, 'docs/testing-runbooks.md');
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.diagnostics));
    const runbook = parseRunbook(
      read('runbooks/deploy-service.yaml'),
      'runbooks/deploy-service.yaml',
    );
    const people = parsePeople(read('runbooks/people.yaml'), 'runbooks/people.yaml');
    assert.ok(runbook.ok && people.ok);
    const problems = checkAgainstRunbook(parsed.test, parsed.locator, {
      definition: runbook.runbook,
      people: people.directory,
    });
    assert.deepEqual(problems, []);
  });
});
