import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createGitOrigin } from '../../test/harness/git-origin.js';
import { UsageError } from '../cli/errors.js';
import { openCatalog } from './catalog.js';

const runbook = (name: string, description: string, extra = '') => `apiVersion: runbook-runner/v1
kind: Runbook
metadata:
  name: ${name}
  description: ${description}
spec:
  steps:
    - id: hello
      run: [echo, hello]
${extra}`;

const cacheDir = () => mkdtempSync(join(tmpdir(), 'rr-catalog-'));

describe('openCatalog (over the mirror)', () => {
  it('lists and loads the runbooks of the commit asked for, pinning the clone URL', async () => {
    const origin = createGitOrigin({
      'runbooks/a.yaml': runbook('alpha', 'first'),
      'runbooks/b.yaml': runbook('beta', 'calls alpha', '    - id: child\n      runbook: alpha\n'),
    });
    const catalog = await openCatalog({ repo: origin.url, cacheDir: cacheDir() });
    const before = await catalog.resolve();
    origin.push({ 'runbooks/a.yaml': runbook('alpha', 'second'), 'runbooks/b.yaml': null });
    const after = await catalog.resolve();

    assert.deepEqual(await catalog.list(before), [
      { name: 'alpha', path: 'runbooks/a.yaml', description: 'first' },
      { name: 'beta', path: 'runbooks/b.yaml', description: 'calls alpha' },
    ]);
    assert.deepEqual(
      (await catalog.list(after)).map((entry) => entry.description),
      ['second'],
    );
    const beta = await catalog.load('beta', before);
    assert.deepEqual(beta.source, { repo: origin.url, commit: before, path: 'runbooks/b.yaml' });
    assert.equal(beta.children.alpha?.description, 'first', 'children come from the same commit');
  });

  it('an unknown name at the commit is a usage error (exit 2)', async () => {
    const origin = createGitOrigin({ 'runbooks/a.yaml': runbook('alpha', 'first') });
    const catalog = await openCatalog({ repo: origin.url, cacheDir: cacheDir() });
    const sha = await catalog.resolve();
    await assert.rejects(
      catalog.load('nope', sha),
      (error: unknown) => error instanceof UsageError && error.exitCode === 2,
    );
  });

  it('a second catalog with an empty cache fetches the pinned commit to load it', async () => {
    const origin = createGitOrigin({ 'runbooks/a.yaml': runbook('alpha', 'first') });
    const sha = await (await openCatalog({ repo: origin.url, cacheDir: cacheDir() })).resolve();
    origin.push({ 'runbooks/a.yaml': runbook('alpha', 'second') });

    const elsewhere = await openCatalog({ repo: origin.url, cacheDir: cacheDir() });
    const loaded = await elsewhere.load('alpha', sha);

    assert.equal(loaded.definition.description, 'first');
  });
});
