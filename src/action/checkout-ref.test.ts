import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkoutRef } from './checkout-ref.js';
import { ActionError } from './errors.js';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();
}

/** An origin with `main` (one commit) and `feature` (one more), and a shallow clone of main. */
function originAndCheckout(): { origin: string; workspace: string; feature: string } {
  const origin = mkdtempSync(join(tmpdir(), 'rr-ref-origin-'));
  git(origin, 'init', '-q', '-b', 'main');
  writeFileSync(join(origin, 'which'), 'main\n');
  git(origin, 'add', '.');
  git(origin, 'commit', '-qm', 'main');
  git(origin, 'checkout', '-q', '-b', 'feature');
  writeFileSync(join(origin, 'which'), 'feature\n');
  git(origin, 'commit', '-qam', 'feature');
  const feature = git(origin, 'rev-parse', 'HEAD');
  git(origin, 'checkout', '-q', 'main');
  const workspace = join(mkdtempSync(join(tmpdir(), 'rr-ref-ws-')), 'repo');
  // As actions/checkout does by default: one commit of one branch.
  git(
    tmpdir(),
    'clone',
    '-q',
    '--depth',
    '1',
    '--single-branch',
    '-b',
    'main',
    `file://${origin}`,
    workspace,
  );
  return { origin, workspace, feature };
}

async function refusal(promise: Promise<unknown>): Promise<ActionError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ActionError, String(error));
    return error;
  }
  assert.fail('the ref was accepted');
}

describe('checkoutRef', () => {
  it('uses the workspace itself when the ref is what it has checked out', async () => {
    const { workspace } = originAndCheckout();
    const checkout = await checkoutRef(workspace, 'main');
    assert.equal(checkout.dir, workspace);
    assert.equal(checkout.commit, git(workspace, 'rev-parse', 'HEAD'));
  });

  it('fetches a ref the shallow checkout lacks and checks it out apart, then removes it', async () => {
    const { workspace, feature } = originAndCheckout();
    const checkout = await checkoutRef(workspace, 'feature');
    assert.equal(checkout.commit, feature);
    assert.notEqual(checkout.dir, workspace);
    assert.equal(readFileSync(join(checkout.dir, 'which'), 'utf8'), 'feature\n');
    assert.equal(
      readFileSync(join(workspace, 'which'), 'utf8'),
      'main\n',
      'the workspace is untouched',
    );
    await checkout.remove();
    assert.equal(existsSync(checkout.dir), false);
    assert.doesNotMatch(git(workspace, 'worktree', 'list'), new RegExp(checkout.dir));
  });

  it('refuses a ref that could pass for an option, or holds a control character (RB8081)', async () => {
    const { workspace } = originAndCheckout();
    for (const ref of ['--upload-pack=touch /tmp/x', 'main\nx', 'a b']) {
      const error = await refusal(checkoutRef(workspace, ref));
      assert.equal(error.code, 'RB8081');
      assert.match(error.message, /give a branch, tag or commit SHA/);
    }
  });

  it('says what to do when the ref is nowhere (RB8083)', async () => {
    const { workspace } = originAndCheckout();
    const error = await refusal(checkoutRef(workspace, 'no-such-branch'));
    assert.equal(error.code, 'RB8083');
    assert.match(
      error.message,
      /ref "no-such-branch" is not in the checkout and could not be fetched from origin/,
    );
  });

  it('says the workspace is not a checkout (RB8083)', async () => {
    const error = await refusal(checkoutRef(mkdtempSync(join(tmpdir(), 'rr-ref-none-')), 'main'));
    assert.equal(error.code, 'RB8083');
    assert.match(error.message, /is not a git checkout: run actions\/checkout before this action/);
  });
});
