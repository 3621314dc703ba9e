/**
 * Where a runbook's people.yaml may be: beside it, then in each parent folder up to the
 * repository root, nearest first. Pure path arithmetic on `/`-separated repository paths.
 */

export const PEOPLE_FILE_NAME = 'people.yaml';

/** `runbooks/ops/x.yaml` → `['runbooks/ops/people.yaml', 'runbooks/people.yaml', 'people.yaml']`. */
export function peopleFileCandidates(runbookRepoPath: string): string[] {
  const parts = runbookRepoPath.split('/').filter((part) => part !== '' && part !== '.');
  const folders = parts.slice(0, -1);
  const out: string[] = [];
  for (let depth = folders.length; depth >= 0; depth--) {
    out.push([...folders.slice(0, depth), PEOPLE_FILE_NAME].join('/'));
  }
  return out;
}
