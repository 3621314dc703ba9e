import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SourceError } from './errors.js';
import { displayRepo, looksLikeUrl, parseRepoLocation } from './repo-location.js';

function refusal(given: string): SourceError {
  try {
    parseRepoLocation(given, '/home/alice');
  } catch (error) {
    assert.ok(error instanceof SourceError);
    return error;
  }
  assert.fail(`${given} was accepted`);
}

describe('parseRepoLocation', () => {
  it('takes https, ssh, scp-like and file URLs as URLs, with the https origin for credentials', () => {
    assert.deepEqual(parseRepoLocation('https://github.com/acme/ops.git', '/'), {
      kind: 'url',
      location: 'https://github.com/acme/ops.git',
      httpOrigin: 'https://github.com',
    });
    assert.deepEqual(parseRepoLocation('git@github.com:acme/ops.git', '/'), {
      kind: 'url',
      location: 'git@github.com:acme/ops.git',
    });
    assert.equal(parseRepoLocation('ssh://git@host:2222/ops.git', '/').kind, 'url');
    assert.equal(parseRepoLocation('file:///srv/git/ops.git', '/').kind, 'url');
  });

  it('takes anything else as a path, relative to the working directory', () => {
    assert.deepEqual(parseRepoLocation('../ops', '/home/alice/work'), {
      kind: 'path',
      location: '/home/alice/ops',
    });
    assert.equal(parseRepoLocation('/srv/ops', '/').location, '/srv/ops');
  });

  it('refuses a token inside the URL without echoing it', () => {
    const error = refusal('https://x-access-token:ghp_secret123@github.com/acme/ops.git');
    assert.equal(error.code, 'RB8001');
    assert.doesNotMatch(error.message, /ghp_secret123/);
    assert.match(error.message, /RUNBOOK_REPO_TOKEN/);
  });

  it('refuses option-like values, transport helpers, other schemes and control characters', () => {
    for (const given of [
      '--upload-pack=touch /tmp/x',
      'ext::sh -c touch% /tmp/x',
      'fd::3',
      'ftp://host/repo',
      'https://host/a\nb',
      '  ',
    ]) {
      assert.equal(refusal(given).code, 'RB8001', given);
    }
  });
});

describe('displayRepo and looksLikeUrl', () => {
  it('drops user information from a URL shown in a message', () => {
    assert.equal(displayRepo('https://bob:hunter2@host/r.git'), 'https://host/r.git');
    assert.equal(displayRepo('/srv/ops'), '/srv/ops');
  });

  it('tells a clone URL from a path', () => {
    assert.equal(looksLikeUrl('https://github.com/a/b'), true);
    assert.equal(looksLikeUrl('git@github.com:a/b.git'), true);
    assert.equal(looksLikeUrl('/home/alice/ops'), false);
  });
});
