// A merge conflict resolved in a hurry can leave its markers in a file that still compiles (inside
// a template string, a doc or a YAML comment). None may be committed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

test('no tracked file holds a merge conflict marker', () => {
  let found = '';
  try {
    // -I skips binary files; a marker is a line that starts with seven <, = or > (and, for the
    // outer two, a space or the end of the line).
    found = execFileSync(
      'git',
      ['grep', '-I', '-n', '-E', '^(<{7}( |$)|={7}$|>{7}( |$))', '--', '.', ':!package-lock.json'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
  } catch (error) {
    // git grep exits 1 when nothing matches.
    if ((error as { status?: number }).status !== 1) throw error;
  }
  assert.equal(found, '', `resolve these conflict leftovers:\n${found}`);
});
