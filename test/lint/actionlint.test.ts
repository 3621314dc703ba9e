// actionlint (built by scripts/actionlint with go install) over every workflow in .github/, and
// a planted broken workflow to show that it really runs and really fails on one.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { actionlintPath, repoRoot } from '../../src/testing/toolchain.js';

const run = promisify(execFile);

/**
 * Runs actionlint on `files` in `cwd`. shellcheck and pyflakes are off: actionlint calls them only
 * when they are on PATH, and a result must not depend on the machine.
 */
async function actionlint(cwd: string, files: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(
      actionlintPath(),
      ['-no-color', '-shellcheck=', '-pyflakes=', ...files],
      { cwd },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** A scratch repository holding `workflows` under .github/workflows/ (and a .git folder). */
function scratchRepo(workflows: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rr-actionlint-'));
  mkdirSync(join(dir, '.git'));
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
  for (const [name, text] of Object.entries(workflows)) {
    writeFileSync(join(dir, '.github', 'workflows', name), text);
  }
  return dir;
}

/** `dir` with this repository's action.yml at its root, so that `uses: ./` is checked against it. */
function withThisAction(dir: string): string {
  copyFileSync(join(repoRoot, 'action.yml'), join(dir, 'action.yml'));
  // actionlint also checks that the entry action.yml runs exists.
  mkdirSync(join(dir, 'dist', 'action'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'action', 'index.js'), '');
  return dir;
}

describe('actionlint', () => {
  it('passes on every workflow in .github/workflows', async () => {
    const files = readdirSync(join(repoRoot, '.github', 'workflows'))
      .filter((name) => /\.ya?ml$/.test(name))
      .map((name) => join('.github', 'workflows', name));
    assert.ok(files.includes('.github/workflows/ci.yml'), files.join(', '));
    assert.ok(files.includes('.github/workflows/runbooks.yml'), files.join(', '));
    const result = await actionlint(repoRoot, files);
    assert.equal(result.code, 0, result.output);
    assert.equal(result.output, '');
  });

  it('fails on a broken workflow, naming the file, line and problem', async () => {
    const dir = scratchRepo({
      'broken.yml': `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    needs: [nowhere]
    steps:
      - run: echo "\${{ github.event.pull_request.title }}"
`,
    });
    const result = await actionlint(dir, ['.github/workflows/broken.yml']);
    assert.equal(result.code, 1, result.output);
    assert.match(
      result.output,
      /^\.github\/workflows\/broken\.yml:3:3: job "build" needs job "nowhere" which does not exist.*\[job-needs\]$/m,
    );
    assert.match(
      result.output,
      /^\.github\/workflows\/broken\.yml:7:\d+: "github\.event\.pull_request\.title" is potentially untrusted.*\[expression\]$/m,
    );
  });

  it('passes on the example workflow in docs/github.md, its inputs checked against action.yml', async () => {
    const docs = readFileSync(join(repoRoot, 'docs', 'github.md'), 'utf8');
    const example = /## The GitHub Action[\s\S]*?```yaml\n([\s\S]*?)```/.exec(docs)?.[1] ?? '';
    assert.ok(example.includes('your-org/runbook-runner@v1'), 'the example uses the action');
    const dir = withThisAction(
      scratchRepo({ 'release.yml': example.replace('your-org/runbook-runner@v1', './') }),
    );
    const result = await actionlint(dir, ['.github/workflows/release.yml']);
    assert.equal(result.code, 0, result.output);
  });

  it('checks a step that uses this action against the inputs action.yml declares', async () => {
    const workflow = (input: string) => `on: workflow_dispatch
jobs:
  run:
    runs-on: ubuntu-latest
    steps:
      - uses: ./
        with:
          runbook: release
          ${input}: x
`;
    const dir = scratchRepo({
      'good.yml': workflow('temporal-address'),
      'bad.yml': workflow('temporal-adress'),
    });
    // actionlint also checks that the entry action.yml runs exists.
    copyFileSync(join(repoRoot, 'action.yml'), join(dir, 'action.yml'));
    mkdirSync(join(dir, 'dist', 'action'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'action', 'index.js'), '');
    assert.equal((await actionlint(dir, ['.github/workflows/good.yml'])).code, 0);
    const bad = await actionlint(dir, ['.github/workflows/bad.yml']);
    assert.equal(bad.code, 1, bad.output);
    assert.match(bad.output, /input "temporal-adress" is not defined in action "runbook-runner"/);
    assert.match(bad.output, /missing input "temporal-address"/);
  });
});
