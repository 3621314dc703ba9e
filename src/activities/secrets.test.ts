import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { secretToken } from '../runbook/secret-token.js';
import {
  isAllowedSecretSource,
  parseSecretSources,
  secretSourcesFromEnv,
} from './secret-sources.js';
import { REDACTED, SecretScope, StreamRedactor } from './secrets.js';
import { tempDir } from './test-helpers.js';

describe('SecretScope', () => {
  it('resolves an env: reference from the given environment', () => {
    const scope = new SecretScope({ secretRefs: ['env:TOKEN'], env: { TOKEN: 's3cr3t-value' } });

    assert.equal(scope.resolve(`Bearer ${secretToken('env:TOKEN')}`), 'Bearer s3cr3t-value');
  });

  it('resolves a file: reference to the file content without its trailing newline', async () => {
    const file = join(await tempDir('secret'), 'password');
    await writeFile(file, 'hunter2-long\n');
    const scope = new SecretScope({ secretRefs: [`file:${file}`], env: {} });

    assert.equal(scope.resolve(`[${secretToken(`file:${file}`)}]`), '[hunter2-long]');
  });

  it('refuses a reference that the run did not declare, naming it, non-retryably', () => {
    const scope = new SecretScope({ secretRefs: ['env:TOKEN'], env: { OTHER: 'x' } });

    assert.throws(() => scope.resolve(secretToken('file:/etc/shadow')), {
      type: 'SecretNotDeclared',
      nonRetryable: true,
      message: /"file:\/etc\/shadow" is not declared/,
    });
  });

  it('reports a declared but unset variable as SecretUnavailable', () => {
    const scope = new SecretScope({ secretRefs: ['env:MISSING'], env: {} });

    assert.throws(() => scope.resolve(secretToken('env:MISSING')), {
      type: 'SecretUnavailable',
      nonRetryable: true,
      message: /MISSING is not set/,
    });
  });

  it('redacts only values it resolved, everywhere they appear', () => {
    const scope = new SecretScope({ secretRefs: ['env:A'], env: { A: 'alpha-secret' } });
    scope.resolve(secretToken('env:A'));

    assert.equal(
      scope.redact('x alpha-secret y alpha-secret public'),
      `x ${REDACTED} y ${REDACTED} public`,
    );
  });

  it('redacts the lines of a multi-line secret separately, as they appear in line output', () => {
    const pem = '-----BEGIN KEY-----\nMIIBOgIBAAJBAK\n-----END KEY-----';
    const scope = new SecretScope({ secretRefs: ['env:PEM'], env: { PEM: pem } });
    scope.resolve(secretToken('env:PEM'));

    assert.equal(scope.redact('line: MIIBOgIBAAJBAK'), `line: ${REDACTED}`);
  });

  it('resolves and redacts strings nested in JSON values, keys included', () => {
    const scope = new SecretScope({ secretRefs: ['env:K'], env: { K: 'key-value-1' } });
    const body = { auth: { token: secretToken('env:K') }, list: [secretToken('env:K'), 3] };

    const resolved = scope.resolveDeep(body);

    assert.deepEqual(resolved, { auth: { token: 'key-value-1' }, list: ['key-value-1', 3] });
    assert.deepEqual(scope.redactDeep(resolved), {
      auth: { token: REDACTED },
      list: [REDACTED, 3],
    });
  });
});

describe('StreamRedactor', () => {
  it('redacts a secret that arrives split across two chunks', () => {
    const scope = new SecretScope({ secretRefs: ['env:S'], env: { S: 'split-secret' } });
    scope.resolve(secretToken('env:S'));
    const redactor = new StreamRedactor(scope);

    const out =
      redactor.push('before split-') + redactor.push('secret after\nnext') + redactor.end();

    assert.equal(out, `before ${REDACTED} after\nnext`);
  });

  it('redacts a secret split inside a line longer than the line limit', () => {
    const scope = new SecretScope({ secretRefs: ['env:S'], env: { S: 'split-secret' } });
    scope.resolve(secretToken('env:S'));
    const redactor = new StreamRedactor(scope, 10);

    const out =
      redactor.push('aaaaaaaaaaaaaaaaaaaa split-se') + redactor.push('cret bbbb') + redactor.end();

    assert.equal(out, `aaaaaaaaaaaaaaaaaaaa ${REDACTED} bbbb`);
  });
});

describe('SecretScope with the worker list of secret sources', () => {
  const sources = parseSecretSources('env:APP_,file:/run/secrets');

  it('resolves a reference inside the list', () => {
    const scope = new SecretScope({
      secretRefs: ['env:APP_TOKEN'],
      env: { APP_TOKEN: 'inside' },
      sources,
    });
    assert.equal(scope.resolve(secretToken('env:APP_TOKEN')), 'inside');
  });

  it('refuses with SecretNotAllowed, before anything is resolved, a reference outside it', () => {
    for (const reference of [
      'env:AWS_SECRET_ACCESS_KEY',
      'env:PATH',
      'file:/etc/shadow',
      'file:/run/secrets/../../etc/shadow',
      'file:/run/secretsX/token',
      'file:/run/secrets',
    ]) {
      assert.throws(
        () => new SecretScope({ secretRefs: [reference], env: {}, sources }),
        {
          type: 'SecretNotAllowed',
          nonRetryable: true,
          message:
            /is not allowed on this worker: RUNBOOK_SECRET_SOURCES is "env:APP_,file:\/run\/secrets"/,
        },
        reference,
      );
    }
  });

  it('defaults, when the setting is unset, to RUNBOOK_SECRET_* variables and mounted secret folders', () => {
    const defaults = secretSourcesFromEnv({});
    assert.equal(isAllowedSecretSource('env:RUNBOOK_SECRET_DB', defaults), true);
    assert.equal(isAllowedSecretSource('file:/run/secrets/db/password', defaults), true);
    assert.equal(isAllowedSecretSource('file:/var/run/secrets/token', defaults), true);
    assert.equal(isAllowedSecretSource('env:GITHUB_TOKEN', defaults), false);
    assert.equal(isAllowedSecretSource('file:/etc/passwd', defaults), false);
    assert.equal(
      isAllowedSecretSource('env:ANY', secretSourcesFromEnv({ RUNBOOK_SECRET_SOURCES: 'env:' })),
      true,
    );
    assert.equal(
      isAllowedSecretSource('env:ANY', secretSourcesFromEnv({ RUNBOOK_SECRET_SOURCES: '' })),
      false,
    );
  });

  it('refuses a malformed setting, naming the entry', () => {
    assert.throws(
      () => parseSecretSources('env:APP_,vault:x'),
      /"vault:x" must start with env: or file:/,
    );
    assert.throws(() => parseSecretSources('file:relative'), /must name an absolute folder/);
  });
});
