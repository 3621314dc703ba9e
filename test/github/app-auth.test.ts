// GitHub App authentication end to end against the fake: the App JWT is verified by the fake
// before it issues an installation token; the token is reused, refreshed before it expires, and
// handed to git through the token provider.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createGithubAuth,
  GithubAppNotInstalledError,
  githubClientFromEnv,
  githubTokenProvider,
} from '../../src/integrations/github/auth.js';
import { installationTokenCache } from '../../src/integrations/github/token-cache.js';
import { installComments } from '../harness/fake-github/comments.js';
import { type FakeGithub, startFakeGithub } from '../harness/fake-github/server.js';

const APP_ID = 4242;
const INSTALLATION_ID = 77;
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_PEM = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const PUBLIC_PEM = publicKey.export({ type: 'spki', format: 'pem' }).toString();

let github: FakeGithub;
let comments: ReturnType<typeof installComments>;

before(async () => {
  github = await startFakeGithub({
    app: { id: APP_ID, publicKeyPem: PUBLIC_PEM, installationId: INSTALLATION_ID },
  });
  comments = installComments(github);
});
after(() => github.close());

const appEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  GITHUB_API_URL: github.url,
  GITHUB_APP_ID: String(APP_ID),
  // One line with \n escapes, as a .env file or a Secret often carries it.
  GITHUB_APP_PRIVATE_KEY: PRIVATE_PEM.replace(/\n/g, '\\n'),
  ...extra,
});

describe('GitHub App authentication', () => {
  it('looks the installation up with a verified JWT, then reuses one installation token', async () => {
    const tokensBefore = github.installationTokens.length;
    const env = appEnv();
    const octokit = await githubClientFromEnv(env, { owner: 'acme', repo: 'web' });
    await octokit.rest.issues.createComment({
      owner: 'acme',
      repo: 'web',
      issue_number: 1,
      body: 'a',
    });
    const again = await githubClientFromEnv(env, { owner: 'acme', repo: 'web' });
    await again.rest.issues.createComment({
      owner: 'acme',
      repo: 'web',
      issue_number: 1,
      body: 'b',
    });
    assert.equal(github.installationTokens.length - tokensBefore, 1, 'one token for both calls');
    const lookups = github.callsTo('GET', /^\/repos\/acme\/web\/installation$/);
    assert.equal(lookups.length, 1, 'the installation is looked up once');
    assert.equal(lookups[0]?.auth, 'jwt', 'with a JWT the fake verified');
    const issued = github.callsTo(
      'POST',
      new RegExp(`/app/installations/${INSTALLATION_ID}/access_tokens$`),
    );
    assert.ok(issued.every((call) => call.auth === 'jwt'));
    const token = github.installationTokens.at(-1);
    assert.deepEqual(
      github
        .callsTo('POST', /\/issues\/1\/comments$/)
        .slice(-2)
        .map((c) => c.auth),
      [`token:${token}`, `token:${token}`],
    );
    assert.deepEqual(
      comments.on('acme/web', 1).map((c) => c.body),
      ['a', 'b'],
    );
    assert.equal(await githubTokenProvider(env, { owner: 'acme', repo: 'web' })(), token);
  });

  it('refreshes the installation token before it expires', async () => {
    let now = Date.now();
    const auth = createGithubAuth(appEnv({ GITHUB_APP_INSTALLATION_ID: String(INSTALLATION_ID) }), {
      tokenCache: installationTokenCache({ now: () => now }),
    });
    const first = await auth.token();
    assert.equal(await auth.token(), first, 'reused while it has time left');
    // The fake issues 1-hour tokens; 56 minutes later fewer than 5 remain.
    now += 56 * 60 * 1000;
    const second = await auth.token();
    assert.notEqual(second, first);
    assert.equal(github.installationTokens.at(-1), second);
    // The fake dated the new token by the real clock: bring ours back so it is fresh.
    now = Date.now();
    const octokit = await auth.client();
    await octokit.rest.issues.createComment({
      owner: 'acme',
      repo: 'web',
      issue_number: 2,
      body: 'c',
    });
    assert.equal(github.callsTo('POST', /\/issues\/2\/comments$/)[0]?.auth, `token:${second}`);
    assert.equal(
      github.callsTo('GET', /\/installation$/).length,
      1,
      'GITHUB_APP_INSTALLATION_ID: no lookup',
    );
  });

  it('reads the key from GITHUB_APP_PRIVATE_KEY_FILE', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rr-app-')), 'app.pem');
    writeFileSync(file, PRIVATE_PEM, { mode: 0o600 });
    const auth = createGithubAuth({
      GITHUB_API_URL: github.url,
      GITHUB_APP_ID: String(APP_ID),
      GITHUB_APP_PRIVATE_KEY_FILE: file,
      GITHUB_APP_INSTALLATION_ID: String(INSTALLATION_ID),
    });
    assert.match(await auth.token(), /^ghs_/);
  });

  it('an App not installed on the repository is an error saying so', async () => {
    github.failNext('GET', /^\/repos\/acme\/private\/installation$/, [
      404,
      { message: 'Not Found' },
    ]);
    const auth = createGithubAuth(appEnv());
    await assert.rejects(auth.client({ owner: 'acme', repo: 'private' }), (error: unknown) => {
      assert.ok(error instanceof GithubAppNotInstalledError);
      assert.equal(error.code, 'RB8061');
      assert.match(error.message, /GitHub App 4242 is not installed on acme\/private/);
      return true;
    });
  });

  it('a JWT signed with another key gets no installation token', async () => {
    const { privateKey: other } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const auth = createGithubAuth({
      ...appEnv({ GITHUB_APP_INSTALLATION_ID: String(INSTALLATION_ID) }),
      GITHUB_APP_PRIVATE_KEY: other.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    await assert.rejects(auth.token(), /could not be decoded: bad signature/);
  });
});
