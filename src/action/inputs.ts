// The action's inputs (action.yml), read the way the Actions runner passes them: INPUT_<NAME>.
import { DurationError, parseDuration } from '../runbook/duration.js';
import { LIMITS } from '../runbook/limits.js';
import { DEFAULT_TASK_QUEUE } from '../worker/task-queue.js';
import { parseActionParams } from './action-params.js';
import { ActionError } from './errors.js';

/**
 * Every input the entry reads, with the default it uses when the input is absent (action.yml
 * declares the same defaults; a unit test holds the two together).
 */
export const ACTION_INPUTS = {
  runbook: { required: true },
  params: { default: '' },
  ref: { default: '' },
  wait: { default: 'true' },
  timeout: { default: '' },
  'temporal-address': { required: true },
  'temporal-namespace': { default: 'default' },
  'temporal-api-key': { default: '' },
  'task-queue': { default: DEFAULT_TASK_QUEUE },
} as const satisfies Record<string, { required: true } | { default: string }>;

export type ActionInputName = keyof typeof ACTION_INPUTS;

export interface ActionInputs {
  /** A runbook's `metadata.name` (searched under runbooks/) or a path in the repository. */
  readonly runbook: string;
  /** Param name → the text given, typed later against the runbook's params. */
  readonly params: Readonly<Record<string, string>>;
  /** A branch, tag or commit to run the runbook from instead of the job's checkout. */
  readonly ref?: string;
  readonly wait: boolean;
  /** How long to wait for the run to end; absent: as long as the job may run. */
  readonly timeoutMs?: number;
  readonly temporal: {
    readonly address: string;
    readonly namespace: string;
    /** With a key, the connection uses TLS and sends it as the API key. */
    readonly apiKey?: string;
  };
  readonly taskQueue: string;
}

/** The variable the runner sets for an input: upper case, spaces as `_`, dashes kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** An input's value (trimmed), or its default when it is absent or empty. */
export function readInput(env: NodeJS.ProcessEnv, name: ActionInputName): string {
  const value = env[inputVariable(name)]?.trim() ?? '';
  if (value !== '') return value;
  const spec: { required?: true; default?: string } = ACTION_INPUTS[name];
  if (spec.required === true) {
    throw new ActionError(
      'RB8080',
      `the input "${name}" is required: set it under with: in the step`,
    );
  }
  return spec.default ?? '';
}

/** YAML 1.2 booleans, as the Actions toolkit's getBooleanInput reads them. */
function booleanInput(env: NodeJS.ProcessEnv, name: ActionInputName): boolean {
  const value = readInput(env, name);
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new ActionError(
    'RB8081',
    `the input "${name}" is "${value.slice(0, 40)}"; write true or false`,
  );
}

function durationInput(env: NodeJS.ProcessEnv, name: ActionInputName): number | undefined {
  const value = readInput(env, name);
  if (value === '') return undefined;
  try {
    const ms = parseDuration(value);
    if (ms <= 0 || ms > LIMITS.maxDurationMs) {
      throw new DurationError(`duration "${value}" must be more than 0 and at most 30d`, value);
    }
    return ms;
  } catch (error) {
    if (!(error instanceof DurationError)) throw error;
    throw new ActionError('RB8081', `the input "${name}": ${error.message}`, { cause: error });
  }
}

/**
 * Every input, checked: a missing `runbook` or `temporal-address` (RB8080), a `wait` that is not
 * a boolean or a `timeout` that is not a duration (RB8081), `params` that are not a YAML mapping
 * of scalars (RB8082). Nothing is started before this succeeds.
 */
export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const ref = readInput(env, 'ref');
  const timeoutMs = durationInput(env, 'timeout');
  const apiKey = readInput(env, 'temporal-api-key');
  return {
    runbook: readInput(env, 'runbook'),
    params: parseActionParams(readInput(env, 'params')),
    ...(ref === '' ? {} : { ref }),
    wait: booleanInput(env, 'wait'),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    temporal: {
      address: readInput(env, 'temporal-address'),
      namespace: readInput(env, 'temporal-namespace'),
      ...(apiKey === '' ? {} : { apiKey }),
    },
    taskQueue: readInput(env, 'task-queue'),
  };
}
