// The repository a path belongs to: where `validate` and `plan` may read, and where
// kubernetes.apply's `file:` may not leave.
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The git top-level of `path`'s folder, or that folder when it is in no repository. */
export async function repositoryRoot(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  const dir = info?.isDirectory() === true ? path : dirname(path);
  try {
    const { stdout } = await execFileAsync('git', ['rev-parse', '--show-toplevel'], { cwd: dir });
    return stdout.trim() || dir;
  } catch {
    return dir;
  }
}
