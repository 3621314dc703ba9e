// The GitHub Action runs the committed dist/action/index.js, never the TypeScript: this test
// rebuilds it and fails when the committed file differs, so a change to src/action (or to what it
// imports, or to a bundled package) cannot land without its bundle.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ACTION_BUNDLE, buildAction } from '../../scripts/build/action.js';

describe('the GitHub Action bundle', () => {
  it('is committed as npm run build:action builds it now', async () => {
    const fresh = join(mkdtempSync(join(tmpdir(), 'rr-action-bundle-')), 'index.js');
    await buildAction(fresh);
    const committed = readFileSync(ACTION_BUNDLE, 'utf8');
    const built = readFileSync(fresh, 'utf8');
    if (built !== committed) {
      const lines = [committed.split('\n'), built.split('\n')] as const;
      const at = lines[1].findIndex((line, i) => line !== lines[0][i]);
      assert.fail(
        `dist/action/index.js is stale (first difference at line ${at + 1}): run npm run build:action and commit dist/action`,
      );
    }
  });

  it('builds byte for byte the same twice (no timestamps, no absolute paths)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rr-action-bundle-'));
    await buildAction(join(dir, 'a.js'));
    await buildAction(join(dir, 'b.js'));
    const a = readFileSync(join(dir, 'a.js'), 'utf8');
    assert.equal(readFileSync(join(dir, 'b.js'), 'utf8'), a);
    assert.doesNotMatch(a, new RegExp(process.cwd().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.doesNotMatch(a, /\/work\/|\/home\/|\/root\//);
  });
});
