import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gitAuth, scrub } from './credentials.js';
import { SourceError } from './errors.js';
import { parseRepoLocation } from './repo-location.js';

const github = parseRepoLocation('https://github.com/acme/ops.git', '/');

describe('gitAuth', () => {
  it('hands the token to git as an extra header scoped to the origin, through GIT_CONFIG_* only', async () => {
    const auth = await gitAuth(github, { token: 'ghs_abc' });
    assert.equal(auth.env.GIT_CONFIG_COUNT, '1');
    assert.equal(auth.env.GIT_CONFIG_KEY_0, 'http.https://github.com/.extraHeader');
    const header = auth.env.GIT_CONFIG_VALUE_0 ?? '';
    const basic = header.replace('Authorization: Basic ', '');
    assert.equal(Buffer.from(basic, 'base64').toString(), 'x-access-token:ghs_abc');
    assert.deepEqual(auth.secrets, ['ghs_abc', basic]);
  });

  it('asks the token provider on every call, ahead of a fixed token', async () => {
    let calls = 0;
    const tokenProvider = async () => `ghs_minted_${++calls}`;
    await gitAuth(github, { token: 'fixed', tokenProvider });
    const second = await gitAuth(github, { token: 'fixed', tokenProvider });
    assert.equal(calls, 2);
    assert.deepEqual(second.secrets[0], 'ghs_minted_2');
  });

  it('sends nothing to plain http off this machine, to ssh or to file URLs', async () => {
    for (const url of ['http://git.example.com/r.git', 'git@github.com:a/b.git', 'file:///r.git']) {
      const auth = await gitAuth(parseRepoLocation(url, '/'), { token: 'ghs_abc' });
      assert.deepEqual(auth.env, {}, url);
    }
  });

  it('reports a failing token provider as RB8008 with its reason', async () => {
    const failing = async (): Promise<string> => {
      throw new Error('installation 42 suspended');
    };
    await assert.rejects(
      gitAuth(github, { tokenProvider: failing }),
      (error: unknown) =>
        error instanceof SourceError &&
        error.code === 'RB8008' &&
        /installation 42 suspended/.test(error.message),
    );
  });
});

describe('scrub', () => {
  it('replaces every occurrence of every secret', () => {
    assert.equal(scrub('a tok b tok c dG9r', ['tok', 'dG9r']), 'a *** b *** c ***');
  });
});
