import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ActionError } from './errors.js';
import { inputVariable, readInputs } from './inputs.js';

/** The inputs with params as a plain object (they are read into one without a prototype). */
function read(env: Record<string, string>) {
  const inputs = readInputs(env);
  return { ...inputs, params: { ...inputs.params } };
}

const base = { INPUT_RUNBOOK: 'release', 'INPUT_TEMPORAL-ADDRESS': 'temporal:7233' };

function refused(env: Record<string, string>): ActionError {
  try {
    readInputs(env);
  } catch (error) {
    assert.ok(error instanceof ActionError, String(error));
    return error;
  }
  assert.fail('the inputs were accepted');
}

describe('readInputs', () => {
  it('names variables as the runner does: upper case, spaces as _, dashes kept', () => {
    assert.equal(inputVariable('temporal-api-key'), 'INPUT_TEMPORAL-API-KEY');
    assert.equal(inputVariable('a b'), 'INPUT_A_B');
  });

  it('uses the defaults when the runner passes only the required inputs', () => {
    assert.deepEqual(read(base), {
      runbook: 'release',
      params: {},
      wait: true,
      temporal: { address: 'temporal:7233', namespace: 'default' },
      taskQueue: 'runbooks',
    });
  });

  it('reads every input', () => {
    const inputs = read({
      ...base,
      INPUT_PARAMS: 'version: v1\n',
      INPUT_REF: 'release/1.2',
      INPUT_WAIT: 'False',
      INPUT_TIMEOUT: '1h30m',
      'INPUT_TEMPORAL-NAMESPACE': 'prod',
      'INPUT_TEMPORAL-API-KEY': ' key ',
      'INPUT_TASK-QUEUE': 'ops',
    });
    assert.deepEqual(inputs, {
      runbook: 'release',
      params: { version: 'v1' },
      ref: 'release/1.2',
      wait: false,
      timeoutMs: 5_400_000,
      temporal: { address: 'temporal:7233', namespace: 'prod', apiKey: 'key' },
      taskQueue: 'ops',
    });
  });

  it('refuses a missing runbook or address with RB8080', () => {
    const noRunbook = refused({ 'INPUT_TEMPORAL-ADDRESS': 'x:1' });
    assert.equal(noRunbook.code, 'RB8080');
    assert.match(noRunbook.message, /the input "runbook" is required/);
    const noAddress = refused({ INPUT_RUNBOOK: 'r', 'INPUT_TEMPORAL-ADDRESS': '  ' });
    assert.match(noAddress.message, /the input "temporal-address" is required/);
  });

  it('refuses a wait that is not a YAML boolean and a timeout that is not a duration (RB8081)', () => {
    const wait = refused({ ...base, INPUT_WAIT: 'yes' });
    assert.equal(wait.code, 'RB8081');
    assert.match(wait.message, /the input "wait" is "yes"; write true or false/);
    assert.match(refused({ ...base, INPUT_TIMEOUT: '30' }).message, /"timeout": .*write "30s"/);
    assert.match(refused({ ...base, INPUT_TIMEOUT: '0s' }).message, /more than 0 and at most 30d/);
    assert.match(refused({ ...base, INPUT_TIMEOUT: '31d' }).message, /more than 0 and at most 30d/);
  });
});
