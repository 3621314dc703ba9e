import assert from 'node:assert/strict';
import { mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { execa } from 'execa';
import { startGitHttpServer } from '../../../test/harness/git-http-server.js';
import { createGitOrigin } from '../../../test/harness/git-origin.js';
import { createMirrorSet } from '../../source/mirror-set.js';
import { locationKey } from '../../source/repo-location.js';
import { sourceSettings } from '../../source/settings.js';
import { gitRepoWithCommits, tempDir } from '../test-helpers.js';
import { createCheckoutCache, repoKey } from './checkout-cache.js';

describe('createCheckoutCache', () => {
  it('checks out the pinned commit, not the branch head, as a detached worktree', async () => {
    const { repo, shas } = await gitRepoWithCommits([
      { 'deploy.sh': 'version one\n' },
      { 'deploy.sh': 'version two\n' },
    ]);
    const cache = createCheckoutCache({ cacheDir: await tempDir('cache') });

    const dir = await cache.ensureCheckout({ repoPath: repo, commit: shas[0] ?? '' });

    assert.equal(await readFile(join(dir, 'deploy.sh'), 'utf8'), 'version one\n');
    const head = await execa('git', ['rev-parse', 'HEAD'], { cwd: dir });
    assert.equal(head.stdout, shas[0]);
    const branch = await execa('git', ['branch', '--show-current'], { cwd: dir });
    assert.equal(branch.stdout, '', 'worktree is detached');
  });

  it('places the checkout under cacheDir/<repo hash>/<full sha>, even for a short sha', async () => {
    const { repo, shas } = await gitRepoWithCommits([{ a: '1' }]);
    const cacheDir = await tempDir('cache');
    const sha = shas[0] ?? '';

    const dir = await createCheckoutCache({ cacheDir }).ensureCheckout({
      repoPath: repo,
      commit: sha.slice(0, 10),
    });

    assert.equal(dir, join(cacheDir, repoKey(await realpath(repo)), sha));
  });

  it('reuses the existing checkout for the same commit instead of creating another', async () => {
    const { repo, shas } = await gitRepoWithCommits([{ a: '1' }]);
    const cache = createCheckoutCache({ cacheDir: await tempDir('cache') });
    const first = await cache.ensureCheckout({ repoPath: repo, commit: shas[0] ?? '' });
    await writeFile(join(first, 'left-by-first-use'), 'x');

    const second = await cache.ensureCheckout({ repoPath: repo, commit: shas[0] ?? '' });

    assert.equal(second, first);
    assert.equal(await readFile(join(second, 'left-by-first-use'), 'utf8'), 'x');
  });

  it('creates one worktree when many callers, sharing a cache folder, ask at once', async () => {
    const { repo, shas } = await gitRepoWithCommits([{ a: '1' }]);
    const cacheDir = await tempDir('cache');
    // Separate cache objects do not share in-memory state: only the lock file serializes them.
    const caches = Array.from({ length: 6 }, () => createCheckoutCache({ cacheDir }));

    const dirs = await Promise.all(
      caches.map((cache) => cache.ensureCheckout({ repoPath: repo, commit: shas[0] ?? '' })),
    );

    assert.equal(new Set(dirs).size, 1);
    const list = await execa('git', ['worktree', 'list', '--porcelain'], { cwd: repo });
    const worktrees = list.stdout.split('\n').filter((line) => line.startsWith('worktree '));
    assert.equal(worktrees.length, 2, list.stdout); // the repository itself + one checkout
  });

  it('takes over a lock left behind by a process that no longer runs', async () => {
    const { repo, shas } = await gitRepoWithCommits([{ a: 'content' }]);
    const cacheDir = await tempDir('cache');
    const sha = shas[0] ?? '';
    const repoDir = join(cacheDir, repoKey(await realpath(repo)));
    await mkdir(repoDir, { recursive: true });
    const dead = await execa(process.execPath, ['-e', 'console.log(process.pid)']);
    await writeFile(join(repoDir, `${sha}.lock`), dead.stdout.trim());

    const dir = await createCheckoutCache({ cacheDir }).ensureCheckout({
      repoPath: repo,
      commit: sha,
    });

    assert.equal(await readFile(join(dir, 'a'), 'utf8'), 'content');
  });

  it('recreates a checkout whose folder was deleted behind its back', async () => {
    const { repo, shas } = await gitRepoWithCommits([{ a: 'content' }]);
    const cache = createCheckoutCache({ cacheDir: await tempDir('cache') });
    const dir = await cache.ensureCheckout({ repoPath: repo, commit: shas[0] ?? '' });
    await execa('rm', ['-rf', dir]);

    const again = await cache.ensureCheckout({ repoPath: repo, commit: shas[0] ?? '' });

    assert.equal(await readFile(join(again, 'a'), 'utf8'), 'content');
  });

  it('refuses a commit the repository does not have, non-retryably, naming it', async () => {
    const { repo } = await gitRepoWithCommits([{ a: '1' }]);
    const cache = createCheckoutCache({ cacheDir: await tempDir('cache') });
    const missing = 'f'.repeat(40);

    await assert.rejects(cache.ensureCheckout({ repoPath: repo, commit: missing }), (error) => {
      assert.ok(error instanceof ApplicationFailure);
      assert.equal(error.type, 'CommitNotFound');
      assert.equal(error.nonRetryable, true);
      assert.match(error.message, new RegExp(missing));
      return true;
    });
  });

  it('refuses a path that is not a git repository', async () => {
    const cache = createCheckoutCache({ cacheDir: await tempDir('cache') });
    const notRepo = await tempDir('plain');

    await assert.rejects(cache.ensureCheckout({ repoPath: notRepo, commit: 'HEAD' }), {
      type: 'RepositoryNotFound',
      nonRetryable: true,
    });
  });
});

describe('createCheckoutCache with a clone URL', () => {
  const workerCache = async (configured?: Record<string, string>) => {
    const root = await tempDir('worker');
    const mirrors = createMirrorSet({
      cacheDir: join(root, 'mirrors'),
      ...(configured === undefined
        ? {}
        : { configured: sourceSettings(configured, '/', join(root, 'mirrors')) }),
    });
    return { root, cache: createCheckoutCache({ cacheDir: join(root, 'checkouts'), mirrors }) };
  };

  it('fetches the pinned commit into its own empty mirror and checks it out from there', async () => {
    const origin = createGitOrigin({ 'deploy.sh': 'one\n' });
    const pinned = origin.push({ 'deploy.sh': 'two\n' });
    origin.push({ 'deploy.sh': 'three\n' });
    const { root, cache } = await workerCache();

    const dir = await cache.ensureCheckout({ repoPath: origin.url, commit: pinned });

    assert.equal(dir, join(root, 'checkouts', locationKey(origin.url), pinned));
    assert.equal(await readFile(join(dir, 'deploy.sh'), 'utf8'), 'two\n');
    const common = await execa('git', ['rev-parse', '--git-common-dir'], { cwd: dir });
    assert.ok(common.stdout.startsWith(join(root, 'mirrors')), common.stdout);
  });

  it('fails non-retryably, naming the repository and sha, for a commit the origin lacks', async () => {
    const origin = createGitOrigin({ a: '1' });
    const { cache } = await workerCache();
    const missing = 'e'.repeat(40);

    await assert.rejects(
      cache.ensureCheckout({ repoPath: origin.url, commit: missing }),
      (error) => {
        assert.ok(error instanceof ApplicationFailure);
        assert.equal(error.type, 'CommitNotFound');
        assert.equal(error.nonRetryable, true);
        assert.ok(
          error.message.includes(`commit ${missing} is not in ${origin.url}`),
          error.message,
        );
        return true;
      },
    );
  });

  it('refuses an abbreviated or option-like commit for a URL without fetching', async () => {
    const origin = createGitOrigin({ a: '1' });
    const { cache } = await workerCache();
    for (const commit of ['main', '--upload-pack=touch /tmp/pwned', 'abc1234']) {
      await assert.rejects(cache.ensureCheckout({ repoPath: origin.url, commit }), {
        type: 'CommitNotFound',
        nonRetryable: true,
      });
    }
  });

  it('refuses a transport-helper URL as a repository that cannot be reached', async () => {
    const { cache } = await workerCache();
    await assert.rejects(
      cache.ensureCheckout({ repoPath: 'ext::sh -c touch% /tmp/pwned', commit: 'a'.repeat(40) }),
      { type: 'RepositoryNotFound', nonRetryable: true },
    );
  });

  it('stands in RUNBOOK_REPO for a pinned path that is not on this machine', async () => {
    const origin = createGitOrigin({ a: 'from the origin' });
    const sha = origin.push({ a: 'pinned' });
    const { cache } = await workerCache({ RUNBOOK_REPO: origin.url });

    const dir = await cache.ensureCheckout({ repoPath: '/home/alice/not/here', commit: sha });

    assert.equal(await readFile(join(dir, 'a'), 'utf8'), 'pinned');
  });

  it('sends the token over http(s) only as a header: never in the config, the checkout or an error', async () => {
    const token = 'ghs_TopSecretToken1234567890';
    const origin = createGitOrigin({ 'deploy.sh': 'one\n' });
    const sha = origin.push({ 'deploy.sh': 'two\n' });
    const server = await startGitHttpServer(origin.bare, token);
    try {
      const { root, cache } = await workerCache({
        RUNBOOK_REPO: server.url,
        RUNBOOK_REPO_TOKEN: token,
      });
      const dir = await cache.ensureCheckout({ repoPath: server.url, commit: sha });
      assert.equal(await readFile(join(dir, 'deploy.sh'), 'utf8'), 'two\n');
      assert.ok(server.authorizations.length > 0 && server.authorizations.every(Boolean));

      const config = await execa('git', ['config', '--list', '--show-origin'], { cwd: dir });
      assert.ok(!config.stdout.includes(token), config.stdout);
      const everything = await execa('grep', ['-rl', token, root], { reject: false });
      assert.equal(everything.stdout, '', 'no file under the worker folders holds the token');

      const wrong = await workerCache({ RUNBOOK_REPO: server.url, GITHUB_TOKEN: `${token}-wrong` });
      await assert.rejects(
        wrong.cache.ensureCheckout({ repoPath: server.url, commit: sha }),
        (error) => {
          assert.ok(error instanceof ApplicationFailure);
          assert.equal(error.type, 'SourceFetchFailed');
          assert.equal(error.nonRetryable, false);
          assert.ok(!error.message.includes(token), error.message);
          return true;
        },
      );
    } finally {
      await server.close();
    }
  });
});
