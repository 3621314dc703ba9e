import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createGitOrigin } from '../../test/harness/git-origin.js';
import { SourceError } from './errors.js';
import { detectDefaultBranch, openMirror } from './mirror.js';
import { locationKey, parseRepoLocation } from './repo-location.js';

const cacheDir = () => mkdtempSync(join(tmpdir(), 'rr-mirrors-'));
const mirrorOf = (url: string, dir = cacheDir(), lockWaitMs?: number) =>
  openMirror({
    location: parseRepoLocation(url, '/'),
    cacheDir: dir,
    ...(lockWaitMs === undefined ? {} : { lockWaitMs }),
  });

async function sourceError(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SourceError, `expected a SourceError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a SourceError, got success');
}

describe('detectDefaultBranch', () => {
  it('reads the branch HEAD points at from ls-remote --symref', async () => {
    const out = 'ref: refs/heads/trunk\tHEAD\n0123456789012345678901234567890123456789\tHEAD\n';
    assert.equal(await detectDefaultBranch(out, async () => ['main', 'trunk']), 'trunk');
  });

  it('without a symref: the only branch, else the one of main/master', async () => {
    assert.equal(await detectDefaultBranch('', async () => ['release']), 'release');
    assert.equal(await detectDefaultBranch('', async () => ['dev', 'master']), 'master');
    assert.equal(await detectDefaultBranch('', async () => ['dev', 'main', 'master']), undefined);
    assert.equal(await detectDefaultBranch('', async () => ['a', 'b']), undefined);
  });
});

describe('openMirror', () => {
  it('resolves to the head of the default branch the origin names, not main', async () => {
    const origin = createGitOrigin({ 'a.txt': '1' }, 'trunk');
    origin.push({ 'b.txt': '2' }, { branch: 'main' });
    const head = origin.push({ 'a.txt': '3' });
    const mirror = mirrorOf(origin.url);

    assert.equal(await mirror.resolve(), head);
    assert.equal(await mirror.defaultBranch(), 'trunk');
  });

  it('sees a push on the next resolve', async () => {
    const origin = createGitOrigin({ 'a.txt': '1' });
    const mirror = mirrorOf(origin.url);
    await mirror.resolve();
    const pushed = origin.push({ 'a.txt': '2' });

    assert.equal(await mirror.resolve(), pushed);
  });

  it('resolves a branch, an annotated tag and an abbreviated sha to full commit shas', async () => {
    const origin = createGitOrigin({ 'a.txt': '1' });
    const tagged = origin.push({ 'a.txt': '2' }, { tag: 'v1.0.0' });
    const side = origin.push({ 'a.txt': 'side' }, { branch: 'feature/x' });
    origin.push({ 'a.txt': '3' });
    const mirror = mirrorOf(origin.url);

    assert.equal(await mirror.resolve('v1.0.0'), tagged);
    assert.equal(await mirror.resolve('feature/x'), side);
    assert.equal(await mirror.resolve(tagged.slice(0, 10)), tagged);
  });

  it('refuses an option-like or revision-syntax ref before running git', async () => {
    const origin = createGitOrigin({ 'a.txt': '1' });
    const dir = cacheDir();
    const mirror = mirrorOf(origin.url, dir);
    for (const ref of ['--upload-pack=touch /tmp/x', '-n', 'main..x', 'HEAD@{1}', 'a:b', 'x y']) {
      const error = await sourceError(mirror.resolve(ref));
      assert.equal(error.code, 'RB8002', ref);
      assert.match(error.message, /is refused/);
    }
    assert.deepEqual(readdirSync(dir), [], 'nothing was fetched or created');
  });

  it('names an unknown branch with RB8003', async () => {
    const origin = createGitOrigin({ 'a.txt': '1' });
    const error = await sourceError(mirrorOf(origin.url).resolve('no-such-branch'));
    assert.equal(error.code, 'RB8003');
    assert.match(error.message, /"no-such-branch" is no branch, tag or commit of file:\/\//);
  });

  it('ensureCommit fetches exactly a commit no branch or tag holds, by its sha', async () => {
    const origin = createGitOrigin({ 'a.txt': '1' });
    const mirror = mirrorOf(origin.url);
    await mirror.fetch();
    const hidden = origin.push({ 'a.txt': 'hidden' }, { branch: 'side', ref: 'refs/hidden/x' });

    await mirror.ensureCommit(hidden);

    const type = execFileSync('git', ['-C', mirror.dir, 'cat-file', '-t', hidden], {
      encoding: 'utf8',
    });
    assert.equal(type.trim(), 'commit');
  });

  it('ensureCommit of a sha the origin lacks fails with RB8004 naming the repo and sha', async () => {
    const origin = createGitOrigin({ 'a.txt': '1' });
    const missing = 'f'.repeat(40);
    const error = await sourceError(mirrorOf(origin.url).ensureCommit(missing));
    assert.equal(error.code, 'RB8004');
    assert.ok(error.permanent);
    assert.match(error.message, new RegExp(`commit ${missing} is not in ${origin.url}`));
  });

  it('an unreachable origin is RB8005 (retryable) and names the repository', async () => {
    const url = `file://${join(cacheDir(), 'nothing-here.git')}`;
    const error = await sourceError(mirrorOf(url).resolve());
    assert.equal(error.code, 'RB8005');
    assert.equal(error.permanent, false);
    assert.match(error.message, /fetching from file:\/\/.*nothing-here\.git failed/);
  });

  it('many mirrors of one origin, sharing a cache folder, fetch at once into one repository', async () => {
    const origin = createGitOrigin({ 'a.txt': '1' });
    const head = origin.push({ 'a.txt': '2' });
    const dir = cacheDir();
    // Separate mirror objects share no memory: only the lock file serializes them.
    const mirrors = Array.from({ length: 6 }, () => mirrorOf(origin.url, dir));

    const shas = await Promise.all(mirrors.map((mirror) => mirror.resolve()));

    assert.deepEqual(new Set(shas), new Set([head]));
    const key = locationKey(origin.url);
    assert.deepEqual(readdirSync(dir).sort(), [`${key}.git`]);
  });

  it('waits for a lock a live process holds, and says which lock when the wait runs out', async () => {
    const origin = createGitOrigin({ 'a.txt': '1' });
    const dir = cacheDir();
    const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      mkdirSync(dir, { recursive: true });
      const lock = join(dir, `${locationKey(origin.url)}.lock`);
      writeFileSync(lock, String(holder.pid));

      const error = await sourceError(mirrorOf(origin.url, dir, 300).fetch());

      assert.equal(error.code, 'RB8006');
      assert.ok(error.message.includes(lock), error.message);
    } finally {
      holder.kill();
    }
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const origin = createGitOrigin({ 'a.txt': '1' });
    const dir = cacheDir();
    const gone = spawn('true');
    await new Promise((resolve) => gone.once('exit', resolve));
    const lock = join(dir, `${locationKey(origin.url)}.lock`);
    writeFileSync(lock, String(gone.pid));

    const mirror = mirrorOf(origin.url, dir, 300);
    await mirror.fetch();

    assert.ok(existsSync(join(mirror.dir, 'HEAD')));
    assert.equal(existsSync(lock), false, 'the lock is released after the fetch');
  });
});
