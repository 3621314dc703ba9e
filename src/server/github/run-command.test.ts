import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LIMITS } from '../../runbook/limits.js';
import { MAX_COMMAND_LENGTH, parseRunCommand } from './run-command.js';

describe('parseRunCommand', () => {
  it('reads the name and key=value params of the first line only', () => {
    assert.deepEqual(parseRunCommand('/runbook run deploy env=prod replicas=3\nthanks!'), {
      ok: true,
      name: 'deploy',
      params: { env: 'prod', replicas: '3' },
    });
  });

  it('keeps spaces inside double quotes and an = inside a value', () => {
    assert.deepEqual(parseRunCommand('/runbook run notify text="a b=c"  empty='), {
      ok: true,
      name: 'notify',
      params: { text: 'a b=c', empty: '' },
    });
  });

  it('is not a command unless the first line starts with /runbook', () => {
    assert.equal(parseRunCommand('please /runbook run deploy'), undefined);
    assert.equal(parseRunCommand('/runbooks run deploy'), undefined);
    assert.equal(parseRunCommand('LGTM\n/runbook run deploy'), undefined);
  });

  it('refuses what is not data: YAML, a bad name, a bare word, a repeated key, an open quote', () => {
    const refused = (body: string, pattern: RegExp) => {
      const parsed = parseRunCommand(body);
      assert.ok(parsed !== undefined && !parsed.ok, body);
      assert.match(parsed.message, pattern);
    };
    refused('/runbook run deploy {env: prod}', /is not key=value/);
    refused('/runbook run ../etc/passwd', /is not a runbook name/);
    refused('/runbook run', /no runbook name/);
    refused('/runbook deploy', /unknown command "deploy"/);
    refused('/runbook run deploy env=a env=b', /param "env" is given twice/);
    refused('/runbook run deploy text="open', /not closed/);
    refused('/runbook run deploy __proto__x-y=1', /is not a param name/);
  });

  it('keeps __proto__ as a param of its own, so the runbook refuses it as unknown', () => {
    const parsed = parseRunCommand('/runbook run deploy __proto__=1');
    assert.ok(parsed?.ok === true);
    assert.ok(Object.hasOwn(parsed.params, '__proto__'));
    assert.equal(Object.getPrototypeOf(parsed.params), Object.prototype);
  });

  it('reads quotes as /runbook run in Slack does: single quotes, escaped double quotes, pasted smart quotes', () => {
    assert.deepEqual(
      parseRunCommand(`/runbook run notify a='x "y"' b="say \\"hi\\"" c=\u201cs m\u201d d=$(id)`),
      { ok: true, name: 'notify', params: { a: 'x "y"', b: 'say "hi"', c: 's m', d: '$(id)' } },
    );
  });

  it('is bounded: a long line and too many params are refused, not cut', () => {
    const long = parseRunCommand(`/runbook run deploy x=${'a'.repeat(MAX_COMMAND_LENGTH)}`);
    assert.ok(long !== undefined && !long.ok && /the limit is/.test(long.message));
    const many = Array.from({ length: LIMITS.maxParamCount + 1 }, (_, i) => `p${i}=1`).join(' ');
    const parsed = parseRunCommand(`/runbook run deploy ${many}`);
    assert.ok(parsed !== undefined && !parsed.ok && /params were given/.test(parsed.message));
  });
});
