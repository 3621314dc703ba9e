/**
 * Helpers for the activity unit tests: real git repositories in temporary folders. Not imported
 * by production code.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Info } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { execa } from 'execa';

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `runbook-${prefix}-`));
}

/** A fresh repository with one commit per entry of `commits`; returns the repo and the shas. */
export async function gitRepoWithCommits(
  commits: ReadonlyArray<Readonly<Record<string, string>>>,
): Promise<{ repo: string; shas: string[] }> {
  const repo = await tempDir('repo');
  const git = (...args: string[]) =>
    execa('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', ...args], {
      cwd: repo,
    });
  await git('init', '--quiet', '--initial-branch=main');
  const shas: string[] = [];
  for (const [index, files] of commits.entries()) {
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(repo, path)), { recursive: true });
      await writeFile(join(repo, path), content);
    }
    await git('add', '--all');
    await git('commit', '--quiet', '--allow-empty', '-m', `commit ${index}`);
    shas.push((await git('rev-parse', 'HEAD')).stdout.trim());
  }
  return { repo, shas };
}

/**
 * A MockActivityEnvironment whose logger stays quiet: the SDK logs every failed activity at
 * ERROR, which buries test output when a test expects the failure.
 */
export function quietActivityEnvironment(info?: Partial<Info>): MockActivityEnvironment {
  return new MockActivityEnvironment(info, {
    logger: new DefaultLogger('ERROR', () => {}),
  });
}
