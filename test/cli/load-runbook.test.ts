// A run is read whole from one commit: the runbook, its children and people.yaml come from HEAD
// with git when all are committed and clean; otherwise the run is uncommitted, with one content
// hash over every file and a note naming each file that differs. Real git repositories.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/cli/io.js';
import { contentHash, loadRunbook } from '../../src/cli/support/load-runbook.js';
import { commitTree } from '../../src/cli/support/source-tree.js';

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args],
    { cwd, encoding: 'utf8' },
  ).trim();
}

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

const PARENT = `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: parent }
spec:
  steps:
    - id: gate
      uses: approval
      with: { message: go?, approvers: { groups: [sre] } }
    - id: child
      runbook: child
`;
const child = (echo: string) => `apiVersion: runbook-runner/v1
kind: Runbook
metadata: { name: child }
spec:
  steps:
    - id: say
      run: [echo, ${echo}]
`;
const people = (members: string) => `apiVersion: runbook-runner/v1
kind: People
people:
  alice: { cli: [alice] }
  bob: { cli: [bob] }
groups:
  sre: [${members}]
`;

/** A repository with runbooks/ops/parent.yaml, runbooks/child.yaml and runbooks/people.yaml committed. */
function repository(): { root: string; commit: string } {
  const root = mkdtempSync(join(tmpdir(), 'rr-load-'));
  git(root, 'init', '-q', '-b', 'main');
  write(root, 'runbooks/ops/parent.yaml', PARENT);
  write(root, 'runbooks/child.yaml', child('committed'));
  write(root, 'runbooks/people.yaml', people('alice'));
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'runbooks');
  return { root, commit: git(root, 'rev-parse', 'HEAD') };
}

const sayOf = (loaded: Awaited<ReturnType<typeof loadRunbook>>) => {
  const step = loaded.children.child?.steps[0];
  return step?.kind === 'run' && 'argv' in step.command ? step.command.argv : undefined;
};

describe('loadRunbook', () => {
  it('pins a clean runbook, its child and its people.yaml to HEAD', async () => {
    const { root, commit } = repository();
    const loaded = await loadRunbook('runbooks/ops/parent.yaml', root);
    assert.deepEqual(loaded.source, { repo: root, commit, path: 'runbooks/ops/parent.yaml' });
    assert.deepEqual(loaded.notes, []);
    assert.deepEqual(sayOf(loaded), ['echo', 'committed']);
    assert.equal(loaded.people.file, 'runbooks/people.yaml');
    assert.deepEqual(loaded.people.groups, { sre: ['alice'] });
  });

  it('reads files at the pinned commit with git, not from the working tree', async () => {
    const { root, commit } = repository();
    write(root, 'runbooks/child.yaml', child('second'));
    git(root, 'commit', '-q', '-am', 'second');
    const atFirst = commitTree(root, commit);
    assert.equal(await atFirst.read('runbooks/child.yaml'), child('committed'));
    assert.equal(await atFirst.read('runbooks/missing.yaml'), undefined);
    assert.equal(await atFirst.read('runbooks'), undefined, 'a folder is not a file');
    assert.deepEqual(await atFirst.yamlFilesUnder('runbooks'), [
      'runbooks/child.yaml',
      'runbooks/ops/parent.yaml',
      'runbooks/people.yaml',
    ]);
  });

  it('records an edited child as uncommitted, runs the edit, and the note names the child', async () => {
    const { root, commit } = repository();
    write(root, 'runbooks/child.yaml', child('edited'));
    const loaded = await loadRunbook('runbooks/ops/parent.yaml', root);
    assert.equal(loaded.source.commit, null);
    assert.equal(loaded.source.path, join(root, 'runbooks/ops/parent.yaml'));
    assert.equal(loaded.source.dir, join(root, 'runbooks/ops'));
    assert.deepEqual(sayOf(loaded), ['echo', 'edited']);
    assert.deepEqual(loaded.notes, [
      `running uncommitted changes, not commit ${commit.slice(0, 12)} (steps work in ${join(root, 'runbooks/ops')}): runbooks/child.yaml is modified`,
    ]);
  });

  it('hashes every file of the run together, sorted by path: a change to people.yaml alone changes the hash', async () => {
    const { root } = repository();
    write(root, 'runbooks/child.yaml', child('edited'));
    const files = new Map([
      ['runbooks/child.yaml', child('edited')],
      ['runbooks/ops/parent.yaml', PARENT],
      ['runbooks/people.yaml', people('alice')],
    ]);
    const first = await loadRunbook('runbooks/ops/parent.yaml', root);
    assert.equal(first.source.contentHash, contentHash(files));

    write(root, 'runbooks/people.yaml', people('alice, bob'));
    const second = await loadRunbook('runbooks/ops/parent.yaml', root);
    assert.notEqual(second.source.contentHash, first.source.contentHash);
    assert.equal(
      second.source.contentHash,
      contentHash(new Map([...files, ['runbooks/people.yaml', people('alice, bob')]])),
    );
    assert.match(
      second.notes[0] ?? '',
      /runbooks\/child\.yaml is modified; runbooks\/people\.yaml is modified$/,
    );
    assert.deepEqual(second.people.groups, { sre: ['alice', 'bob'] });
  });

  it('names a nearer people.yaml that is not committed, and one deleted from the working tree', async () => {
    const { root } = repository();
    write(root, 'runbooks/ops/people.yaml', people('bob'));
    const nearer = await loadRunbook('runbooks/ops/parent.yaml', root);
    assert.equal(nearer.source.commit, null);
    assert.equal(nearer.people.file, 'runbooks/ops/people.yaml');
    assert.match(nearer.notes[0] ?? '', /: runbooks\/ops\/people\.yaml is not committed$/);

    rmSync(join(root, 'runbooks/ops/people.yaml'));
    rmSync(join(root, 'runbooks/people.yaml'));
    // Without any people.yaml the approval's group is unknown: the run is refused before it starts.
    const refused = await loadRunbook('runbooks/ops/parent.yaml', root).catch((e: unknown) => e);
    assert.ok(refused instanceof UsageError, String(refused));
    assert.equal(refused.exitCode, 2);
    assert.match(refused.message, /unknown group "sre" \[RB6002\]/);
  });

  it('refuses a run whose people.yaml is invalid, with file:line:col', async () => {
    const { root } = repository();
    write(root, 'runbooks/people.yaml', people('alice, carol'));
    const error = await loadRunbook('runbooks/ops/parent.yaml', root).catch((e: unknown) => e);
    assert.ok(error instanceof UsageError, String(error));
    assert.match(
      error.message,
      /runbooks\/people\.yaml:7:16: error: group "sre" names "carol", who is not in people: \[RB6004\]/,
    );
  });

  it('outside a repository, records the run as uncommitted and names every file it read', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rr-load-plain-'));
    write(root, 'parent.yaml', PARENT);
    write(root, 'runbooks/child.yaml', child('plain'));
    write(root, 'people.yaml', people('alice'));
    const loaded = await loadRunbook('parent.yaml', root);
    assert.equal(loaded.source.commit, null);
    assert.equal(
      loaded.source.contentHash,
      contentHash(
        new Map([
          ['parent.yaml', PARENT],
          ['people.yaml', people('alice')],
          ['runbooks/child.yaml', child('plain')],
        ]),
      ),
    );
    assert.match(
      loaded.notes[0] ?? '',
      /files: parent\.yaml, people\.yaml, runbooks\/child\.yaml$/,
    );
  });

  it('never reads a working-tree symlink that leaves the repository, and never echoes its target', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rr-load-link-'));
    git(root, 'init', '-q');
    mkdirSync(join(root, 'runbooks'));
    symlinkSync('/proc/self/environ', join(root, 'runbooks', 'leak.yaml'));
    const error = await loadRunbook('runbooks/leak.yaml', root).then(
      () => assert.fail('a link out of the repository was read'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof UsageError);
    assert.match(
      error.message,
      /^runbooks\/leak\.yaml: this file is a symbolic link to a place outside the repository; it was not read \[RB5007\]/,
    );
    assert.doesNotMatch(error.message, /PATH=|HOME=/);
  });
});
