import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { GithubSettingsError, githubAuthSettings } from './settings.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

function settingError(env: NodeJS.ProcessEnv): GithubSettingsError {
  try {
    githubAuthSettings(env);
  } catch (error) {
    assert.ok(error instanceof GithubSettingsError);
    return error;
  }
  assert.fail('expected a GithubSettingsError');
}

describe('GitHub settings', () => {
  it('a token alone, trimmed', () => {
    assert.deepEqual(githubAuthSettings({ GITHUB_TOKEN: ' ghp_x \n' }), {
      kind: 'token',
      token: 'ghp_x',
    });
  });

  it('an App wins over GITHUB_TOKEN; the installation id is optional', () => {
    const settings = githubAuthSettings({
      GITHUB_TOKEN: 'ghp_x',
      GITHUB_APP_ID: '12',
      GITHUB_APP_PRIVATE_KEY: PEM,
    });
    assert.equal(settings.kind, 'app');
    assert.ok(settings.kind === 'app' && settings.installationId === undefined);
  });

  it('nothing set: says which settings to give', () => {
    const error = settingError({});
    assert.equal(error.code, 'RB8060');
    assert.equal(error.setting, 'GITHUB_TOKEN');
    assert.match(error.message, /set GITHUB_TOKEN, or GITHUB_APP_ID with GITHUB_APP_PRIVATE_KEY/);
  });

  it('names the malformed setting, never its value', () => {
    const garbage =
      '-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END RSA PRIVATE KEY-----';
    const cases: [NodeJS.ProcessEnv, string][] = [
      [{ GITHUB_APP_ID: 'my-app', GITHUB_APP_PRIVATE_KEY: PEM }, 'GITHUB_APP_ID'],
      [{ GITHUB_APP_ID: '12' }, 'GITHUB_APP_PRIVATE_KEY'],
      [{ GITHUB_APP_ID: '12', GITHUB_APP_PRIVATE_KEY: garbage }, 'GITHUB_APP_PRIVATE_KEY'],
      [
        { GITHUB_APP_ID: '12', GITHUB_APP_PRIVATE_KEY: PEM, GITHUB_APP_PRIVATE_KEY_FILE: '/x' },
        'GITHUB_APP_PRIVATE_KEY_FILE',
      ],
      [
        { GITHUB_APP_ID: '12', GITHUB_APP_PRIVATE_KEY_FILE: '/nonexistent/app.pem' },
        'GITHUB_APP_PRIVATE_KEY_FILE',
      ],
      [
        { GITHUB_APP_ID: '12', GITHUB_APP_PRIVATE_KEY: PEM, GITHUB_APP_INSTALLATION_ID: 'x' },
        'GITHUB_APP_INSTALLATION_ID',
      ],
      [{ GITHUB_APP_PRIVATE_KEY: PEM }, 'GITHUB_APP_PRIVATE_KEY'],
      [{ GITHUB_TOKEN: 'ghp_a ghp_b' }, 'GITHUB_TOKEN'],
    ];
    for (const [env, setting] of cases) {
      const error = settingError(env);
      assert.equal(error.setting, setting, error.message);
      assert.ok(error.message.includes(setting), error.message);
      assert.ok(!error.message.includes('c2VjcmV0'), 'the key never appears');
      assert.ok(!error.message.includes('ghp_b'), 'the token never appears');
    }
  });
});
