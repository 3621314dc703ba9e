import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startGitHttpServer } from '../../test/harness/git-http-server.js';
import { createGitOrigin } from '../../test/harness/git-origin.js';
import { SourceError } from '../source/errors.js';
import { openServerCatalog } from './open-catalog.js';

const RUNBOOK = `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: hello }
spec:
  steps:
    - id: hello
      run: [echo, hello]
`;

describe('openServerCatalog', () => {
  it('reads RUNBOOK_REPO through a mirror under RUNBOOK_HOME and pins the clone URL', async () => {
    const origin = createGitOrigin({ 'runbooks/hello.yaml': RUNBOOK });
    const home = mkdtempSync(join(tmpdir(), 'rr-server-home-'));

    const { catalog, description } = await openServerCatalog(
      { RUNBOOK_REPO: origin.url, RUNBOOK_HOME: home },
      '/',
    );
    assert.ok(catalog !== undefined);
    const sha = await catalog.resolve();
    const loaded = await catalog.load('hello', sha);

    assert.equal(loaded.source.repo, origin.url);
    assert.equal(description, `runbooks from ${origin.url} (mirrored in ${join(home, 'mirrors')})`);
  });

  it('fetches with the token provider (a GitHub App token) ahead of GITHUB_TOKEN', async () => {
    const origin = createGitOrigin({ 'runbooks/hello.yaml': RUNBOOK });
    const http = await startGitHttpServer(origin.bare, 'ghs_installation');
    try {
      const home = mkdtempSync(join(tmpdir(), 'rr-server-home-'));
      let asked = 0;
      const { catalog } = await openServerCatalog(
        { RUNBOOK_REPO: http.url, RUNBOOK_HOME: home, GITHUB_TOKEN: 'ghp_stale' },
        '/',
        {
          tokenProvider: async () => {
            asked++;
            return 'ghs_installation';
          },
        },
      );
      const sha = await catalog?.resolve();
      assert.match(sha ?? '', /^[0-9a-f]{40}$/);
      assert.ok(asked >= 1);
    } finally {
      await http.close();
    }
  });

  it('refuses a RUNBOOK_REPO holding a token, without echoing it', async () => {
    await assert.rejects(
      openServerCatalog(
        { RUNBOOK_REPO: 'https://x:ghp_leaky@github.com/acme/ops.git', RUNBOOK_HOME: '/tmp' },
        '/',
      ),
      (error: unknown) =>
        error instanceof SourceError &&
        error.code === 'RB8001' &&
        !error.message.includes('ghp_leaky'),
    );
  });
});
