// The files a pull request changes (`GET /pulls/{n}/files`, every page), and which of them the
// plan check looks at: runbook files under `runbooks/` and any people.yaml.
import type { GithubClient } from '../../integrations/github/octokit.js';
import { PEOPLE_FILE_NAME } from '../../runbook/people/index.js';
import { isTestFileName } from '../../runbook-test/parse-test-file.js';

/** GitHub lists at most 3000 files of a pull request. */
export const MAX_PULL_REQUEST_FILES = 3000;

export interface ChangedFile {
  readonly path: string;
  readonly status:
    | 'added'
    | 'removed'
    | 'modified'
    | 'renamed'
    | 'copied'
    | 'changed'
    | 'unchanged';
  /** For a rename: the path before. */
  readonly previousPath?: string;
}

const STATUSES = new Set<string>([
  'added',
  'removed',
  'modified',
  'renamed',
  'copied',
  'changed',
  'unchanged',
]);

export async function listChangedFiles(
  octokit: GithubClient,
  owner: string,
  repo: string,
  pullNumber: number,
): Promise<ChangedFile[]> {
  const out: ChangedFile[] = [];
  for await (const page of octokit.paginate.iterator(octokit.rest.pulls.listFiles, {
    owner,
    repo,
    pull_number: pullNumber,
    per_page: 100,
  })) {
    for (const file of page.data) {
      if (typeof file.filename !== 'string' || file.filename.length > 1024) continue;
      const status = STATUSES.has(file.status) ? (file.status as ChangedFile['status']) : 'changed';
      const previous = file.previous_filename;
      out.push({
        path: file.filename,
        status,
        ...(typeof previous === 'string' && previous.length <= 1024
          ? { previousPath: previous }
          : {}),
      });
    }
    if (out.length >= MAX_PULL_REQUEST_FILES) break;
  }
  return out.slice(0, MAX_PULL_REQUEST_FILES);
}

const RUNBOOK_FILE = /^runbooks\/.+\.ya?ml$/;

export function isPeoplePath(path: string): boolean {
  return path === PEOPLE_FILE_NAME || path.endsWith(`/${PEOPLE_FILE_NAME}`);
}

/** A runbook file (`runbooks/**.yaml|yml`, not a people.yaml nor a `*.test.yaml`). */
export function isRunbookPath(path: string): boolean {
  return RUNBOOK_FILE.test(path) && !isPeoplePath(path) && !isTestFileName(path);
}

/** Whether the check looks at this change (either side of a rename counts). */
export function touchesRunbooks(file: ChangedFile): boolean {
  const paths = file.previousPath === undefined ? [file.path] : [file.path, file.previousPath];
  return paths.some((p) => isRunbookPath(p) || isPeoplePath(p));
}

/** Every path the files touch, both sides of a rename: what `onMerge.paths` globs match. */
export function changedPaths(files: readonly ChangedFile[]): string[] {
  const paths = new Set<string>();
  for (const file of files) {
    paths.add(file.path);
    if (file.previousPath !== undefined) paths.add(file.previousPath);
  }
  return [...paths].sort();
}
