// Hostile files in a repository, through the CLI binary: each ends in a clear diagnostic with its
// code, exit 1, no stack trace (exit 70) and no echo of what a symbolic link points at.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const MARKER = `hostile-marker-${process.pid}`;
const VALID =
  'apiVersion: runbook-runner/v1\nkind: Runbook\nmetadata: { name: ok }\nspec:\n  steps: [ { id: a, run: ["true"] } ]\n';

let repo: string;

function runbook(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [join(root, 'bin/runbook.js'), ...args], {
    cwd,
    env: { ...process.env, HOSTILE_SECRET: MARKER },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

before(() => {
  repo = mkdtempSync(join(tmpdir(), 'rr-hostile-'));
  spawnSync('git', ['init', '-q', repo]);
  const dir = join(repo, 'runbooks');
  mkdirSync(dir);
  mkdirSync(join(repo, 'elsewhere'));
  writeFileSync(join(dir, 'ok.yaml'), VALID);
  symlinkSync('/proc/self/environ', join(dir, 'environ.yaml'));
  symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
  symlinkSync('../elsewhere', join(dir, 'dir.yaml'));
  symlinkSync('/nonexistent/file', join(dir, 'broken.yaml'));
  symlinkSync('loop.yaml', join(dir, 'loop.yaml'));
  spawnSync('mkfifo', [join(dir, 'fifo.yaml')]);
  writeFileSync(join(dir, 'latin1.yaml'), Buffer.from('metadata: { name: caf\xe9 }\n', 'latin1'));
  writeFileSync(join(dir, 'huge.yaml'), `# ${'x'.repeat(1_200_000)}\n`);
  writeFileSync(join(dir, 'bidi.yaml'), VALID.replace('ok', 'ok\u202e'));
  writeFileSync(join(repo, 'inside.yaml'), VALID.replace('name: ok', 'name: inside'));
  symlinkSync('../inside.yaml', join(dir, 'link-inside.yaml'));
});

const CASES: Array<[file: string, code: string, message: RegExp]> = [
  ['environ.yaml', 'RB5007', /symbolic link to a place outside the repository/],
  ['zero.yaml', 'RB5007', /symbolic link to a place outside the repository/],
  ['dir.yaml', 'RB5007', /is a directory/],
  ['broken.yaml', 'RB5007', /cannot read this file \(ENOENT\)/],
  ['loop.yaml', 'RB5007', /cannot read this file \(ELOOP\)/],
  ['fifo.yaml', 'RB5007', /not a regular file/],
  ['latin1.yaml', 'RB5009', /not valid UTF-8 \(byte 0xe9/],
  ['huge.yaml', 'RB1008', /larger than 1 MiB/],
  ['bidi.yaml', 'RB5009', /control character U\+202E/],
];

describe('runbook validate and plan on hostile files', () => {
  it('validate reports each file with its code, reads links inside the repository, and echoes nothing', () => {
    const result = runbook(repo, 'validate', 'runbooks');
    assert.equal(result.status, 1, result.stderr);
    assert.doesNotMatch(result.stderr, /internal error|\n\s+at /);
    assert.ok(!result.stderr.includes(MARKER), 'the environment of the process was printed');
    for (const [file, code, message] of CASES) {
      const line = result.stderr.split('\n').find((l) => l.startsWith(`runbooks/${file}:`));
      assert.ok(line !== undefined, `no diagnostic for ${file}:\n${result.stderr}`);
      assert.match(line, new RegExp(`\\[${code}\\]$`), line);
      assert.match(line, message, line);
    }
    assert.ok(!result.stderr.includes('runbooks/ok.yaml:'), 'the valid file was reported');
    assert.ok(!result.stderr.includes('runbooks/link-inside.yaml:'), 'a link inside was refused');
  });

  for (const [file, code] of CASES) {
    it(`plan refuses ${file} with ${code} and exit 1`, () => {
      const result = runbook(repo, 'plan', '--no-dry-run', join('runbooks', file));
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, new RegExp(`\\[${code}\\]`));
      assert.doesNotMatch(result.stderr, /internal error|\n\s+at /);
      assert.ok(!result.stderr.includes(MARKER));
    });
  }
});
