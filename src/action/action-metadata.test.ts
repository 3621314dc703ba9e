// action.yml against the entry: the inputs it declares are exactly those the entry reads, with
// the same defaults and required flags, and the outputs it declares are those the entry writes.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ACTION_OUTPUTS } from './action-outputs.js';
import { ACTION_INPUTS, inputVariable, readInputs } from './inputs.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface ActionMetadata {
  inputs: Record<string, { required?: boolean; default?: string; description?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string };
}

const metadata = parse(readFileSync(`${root}action.yml`, 'utf8')) as ActionMetadata;

/** The INPUT_* variables `readInputs` looks at, given an env where every input is valid. */
function variablesRead(): Set<string> {
  const values: Record<string, string> = {
    [inputVariable('runbook')]: 'release',
    [inputVariable('temporal-address')]: '127.0.0.1:7233',
  };
  const read = new Set<string>();
  const env = new Proxy(values, {
    get(target, name) {
      if (typeof name === 'string' && name.startsWith('INPUT_')) read.add(name);
      return typeof name === 'string' ? target[name] : undefined;
    },
  });
  readInputs(env);
  return read;
}

describe('action.yml', () => {
  it('runs the committed bundle with node20', () => {
    assert.deepEqual(metadata.runs, { using: 'node20', main: 'dist/action/index.js' });
    assert.ok(existsSync(`${root}${metadata.runs.main}`), 'dist/action/index.js is committed');
  });

  it('declares exactly the inputs the entry reads', () => {
    const declared = Object.keys(metadata.inputs).map(inputVariable).sort();
    assert.deepEqual([...variablesRead()].sort(), declared);
    assert.deepEqual(Object.keys(ACTION_INPUTS).sort(), Object.keys(metadata.inputs).sort());
  });

  it('gives each input the required flag and default the entry uses when the runner passes none', () => {
    for (const [name, spec] of Object.entries(ACTION_INPUTS)) {
      const declared = metadata.inputs[name];
      assert.ok(declared?.description, `${name} has a description`);
      if ('required' in spec) {
        assert.equal(declared.required, true, `${name} is required`);
        assert.equal(declared.default, undefined, `${name} has no default`);
      } else {
        assert.equal(declared.required, false, `${name} is optional`);
        assert.equal(declared.default, spec.default, `${name}'s default`);
      }
    }
  });

  it('declares exactly the outputs the entry writes', () => {
    assert.deepEqual(Object.keys(metadata.outputs).sort(), Object.keys(ACTION_OUTPUTS).sort());
    for (const [name, output] of Object.entries(metadata.outputs)) {
      assert.ok(output.description, `${name} has a description`);
    }
  });
});
