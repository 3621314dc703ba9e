import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommandText } from './command-text.js';

describe('parseCommandText', () => {
  it('reads run with key=value params, quoted values kept verbatim as data', () => {
    assert.deepEqual(
      parseCommandText('run deploy env=prod note="a b" q=\'x "y"\' raw="$(rm -rf /)"'),
      {
        ok: true,
        command: {
          verb: 'run',
          name: 'deploy',
          params: { env: 'prod', note: 'a b', q: 'x "y"', raw: '$(rm -rf /)' },
        },
      },
    );
    assert.deepEqual(parseCommandText('run deploy note=“smart quotes”'), {
      ok: true,
      command: { verb: 'run', name: 'deploy', params: { note: 'smart quotes' } },
    });
  });

  it('keeps __proto__ an ordinary own param name', () => {
    const parsed = parseCommandText('run deploy __proto__=x');
    assert.ok(parsed.ok && parsed.command.verb === 'run');
    assert.equal(Object.hasOwn(parsed.command.params, '__proto__'), true);
    assert.equal(Object.getPrototypeOf(parsed.command.params), Object.prototype);
  });

  it('reads help, list and status', () => {
    assert.deepEqual(parseCommandText(''), { ok: true, command: { verb: 'help' } });
    assert.deepEqual(parseCommandText('  list '), { ok: true, command: { verb: 'list' } });
    assert.deepEqual(parseCommandText('status deploy-1'), {
      ok: true,
      command: { verb: 'status', runId: 'deploy-1' },
    });
  });

  it('refuses what it cannot read, saying why', () => {
    const message = (text: string) => {
      const parsed = parseCommandText(text);
      return parsed.ok ? 'ok' : parsed.message;
    };
    assert.match(message('run deploy note="open'), /a " quote is not closed/);
    assert.match(message('run deploy env'), /"env" is not key=value/);
    assert.match(message('run deploy a=1 a=2'), /param "a" is given twice/);
    assert.match(message('run ../etc'), /is not a runbook name/);
    assert.match(message('run deploy 1x=2'), /is not a param name/);
    assert.match(message('nuke'), /unknown command "nuke"/);
    assert.match(message(`run deploy ${'a=1 '.repeat(200)}`), /more than 102 words/);
    assert.match(message('x'.repeat(9000)), /the limit is 8000/);
  });
});
