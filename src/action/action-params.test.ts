import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LIMITS } from '../runbook/limits.js';
import { MAX_PARAMS_TEXT, parseActionParams } from './action-params.js';
import { ActionError } from './errors.js';

function refusal(text: string): ActionError {
  try {
    parseActionParams(text);
  } catch (error) {
    assert.ok(error instanceof ActionError, String(error));
    assert.equal(error.code, 'RB8082');
    return error;
  }
  assert.fail(`params ${JSON.stringify(text)} were accepted`);
}

describe('parseActionParams', () => {
  it('reads a mapping of scalars as the text that was written, for the runbook to type', () => {
    assert.deepEqual(
      {
        ...parseActionParams(
          'version: v1.2.3\nreplicas: 3\nratio: 1.10\ndryRun: on\nnote: "a: b"\n',
        ),
      },
      { version: 'v1.2.3', replicas: '3', ratio: '1.10', dryRun: 'on', note: 'a: b' },
    );
  });

  it('reads empty text, or only comments, as no params', () => {
    assert.deepEqual({ ...parseActionParams('') }, {});
    assert.deepEqual({ ...parseActionParams('# none\n') }, {});
  });

  it('keeps an expression as text: values are data', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the point is that it stays text
    assert.equal(parseActionParams('v: "${{ secrets.X }}"').v, '${{ secrets.X }}');
  });

  it('keeps __proto__ an ordinary key, not the prototype', () => {
    const params = parseActionParams('__proto__: x');
    assert.equal(Object.getPrototypeOf(params), null);
    assert.deepEqual(Object.entries(params), [['__proto__', 'x']]);
  });

  it('refuses what is not a mapping of scalars, naming the line and the fix', () => {
    const cases: Array<[string, RegExp]> = [
      ['- v1', /^params \(line 1, column 1\): the top level is not a mapping;/],
      ['just text', /the top level is not a mapping/],
      ['a: [1, 2]', /^params \(line 1, column 4\): "a" is a list, not one value/],
      ['a:\n  b: 1', /^params \(line 2, column 3\): "a" is a mapping, not one value/],
      ['a: &x 1\nb: *x', /"a" has an anchor \(&x\)/],
      ['a: *x', /^params \(line 1, column 4\): "a" is an alias/],
      ['a: !!binary aGk=', /has a YAML tag/],
      ['a: !custom x', /has a YAML tag/],
      ['a: 1\na: 2', /^params \(line 2, column 1\): "a" is given twice/],
      ['a:', /"a" has no value \(write "" for an empty string\)/],
      ['? [a]\n: 1', /a key is not a plain name/],
      ['a: 1\n---\nb: 2', /not valid YAML: Source contains multiple documents/],
      ['a: [1', /not valid YAML/],
    ];
    for (const [text, expected] of cases) {
      const error = refusal(text);
      assert.match(error.message, expected, text);
      assert.match(error.message, /give params as a YAML mapping of name to one scalar value/);
    }
  });

  it('accepts an empty string written as ""', () => {
    assert.equal(parseActionParams('a: ""').a, '');
  });

  it('refuses more text, or more params, than a run may take', () => {
    assert.match(refusal(`a: "${'x'.repeat(MAX_PARAMS_TEXT)}"`).message, /characters is more than/);
    const many = Array.from({ length: LIMITS.maxParamCount + 1 }, (_, i) => `p${i}: 1`).join('\n');
    assert.match(refusal(many).message, /params is more than the 100 allowed/);
  });

  it('shows a hostile key escaped, on one line', () => {
    const error = refusal('"a\\nb\\u001b[31m": [1]');
    assert.equal(error.message.split('\n')[0]?.includes('\u001b'), false);
    assert.match(error.message, /"a\\nb\\e\[31m" is a list/);
  });
});
