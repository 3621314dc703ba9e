import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A scratch git repository at `path` holding `files` (repository-relative path → content) in one
 * commit on `main`, so that a run is pinned to a commit without touching this checkout.
 */
export function commitRepo(path: string, files: Readonly<Record<string, string | Buffer>>): string {
  execFileSync('git', ['init', '-q', '-b', 'main', path]);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(path, name)), { recursive: true });
    writeFileSync(join(path, name), content);
  }
  execFileSync('git', ['-C', path, 'add', '.']);
  execFileSync('git', [
    '-C',
    path,
    '-c',
    'user.email=t@example.invalid',
    '-c',
    'user.name=t',
    'commit',
    '-qm',
    'runbooks',
  ]);
  return path;
}
