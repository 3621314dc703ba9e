/**
 * Turns the raw `key=value` strings of a run request (CLI `-p`, Slack form, GitHub trigger) into
 * typed params, applying defaults. Secret params stay references (`env:NAME`, `file:/path`): the
 * value itself never enters the workflow. Pure: no I/O.
 */
import { shown } from './bounded-text.js';
import { didYouMean } from './diagnostics.js';
import { parseDuration } from './duration.js';
import { LIMITS } from './limits.js';
import type { JsonValue, ParamSpec, RunbookDefinition } from './model.js';
import { checkParamValue } from './validate.js';

/** One param that could not be resolved; `code` is RB4001 missing, RB4002 invalid, RB4003 unknown. */
export interface ParamError {
  readonly code: 'RB4001' | 'RB4002' | 'RB4003';
  readonly param: string;
  readonly message: string;
}

export type ResolveParamsResult =
  | { ok: true; params: Record<string, JsonValue> }
  | { ok: false; errors: ParamError[] };

/** What a param accepts, for messages: `one of "staging", "prod"`, `an integer`. */
export function describeParam(spec: ParamSpec): string {
  if (spec.enum !== undefined)
    return `one of ${shown(spec.enum.map((v) => JSON.stringify(v)).join(', '), 400)}`;
  switch (spec.type) {
    case 'string':
      return spec.pattern === undefined ? 'a string' : `a string matching ${shown(spec.pattern)}`;
    case 'integer':
      return 'an integer';
    case 'boolean':
      return 'true or false';
    case 'duration':
      return 'a duration such as "30s", "5m" or "1h30m"';
    case 'secret':
      return 'a secret reference "env:NAME" or "file:/path"';
    default: {
      const never: never = spec.type;
      throw new Error(`unhandled param type ${String(never)}`);
    }
  }
}

function convert(spec: ParamSpec, raw: string): string | number | boolean | undefined {
  switch (spec.type) {
    case 'integer':
      return /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : undefined;
    case 'string':
    case 'duration':
    case 'secret':
      return raw;
    default: {
      const never: never = spec.type;
      throw new Error(`unhandled param type ${String(never)}`);
    }
  }
}

/**
 * Resolves `raw` against the runbook's params. Durations become milliseconds; integers and
 * booleans become numbers and booleans. Every problem is reported, not only the first.
 */
export function resolveParams(
  def: RunbookDefinition,
  raw: Readonly<Record<string, string>>,
): ResolveParamsResult {
  const errors: ParamError[] = [];
  const params: Record<string, JsonValue> = {};
  const given = Object.keys(raw);
  if (given.length > LIMITS.maxParamCount) {
    return {
      ok: false,
      errors: [
        {
          code: 'RB4003',
          param: '(all)',
          message: `${given.length} params were given; the limit is ${LIMITS.maxParamCount}`,
        },
      ],
    };
  }
  for (const name of given) {
    // Own properties only: `constructor`, `__proto__` and `toString` are names like any other.
    if (!Object.hasOwn(def.params, name)) {
      const guess = didYouMean(name, Object.keys(def.params));
      errors.push({
        code: 'RB4003',
        param: shown(name, 64),
        message: `unknown param "${shown(name, 64)}"${guess === undefined ? '' : ` (did you mean "${guess}"?)`}; ${def.name} accepts: ${Object.keys(def.params).join(', ') || '(no params)'}`,
      });
    }
  }
  for (const [name, spec] of Object.entries(def.params)) {
    const given = Object.hasOwn(raw, name) ? raw[name] : undefined;
    if (given !== undefined && given.length > LIMITS.maxParamValueLength) {
      errors.push({
        code: 'RB4002',
        param: name,
        message: `param "${name}" is ${given.length} characters long; the limit is ${LIMITS.maxParamValueLength}`,
      });
      continue;
    }
    let value: string | number | boolean | undefined;
    if (given === undefined) {
      if (spec.default === undefined) {
        errors.push({
          code: 'RB4001',
          param: name,
          message: `param "${name}" is required: ${describeParam(spec)}`,
        });
        continue;
      }
      value = spec.default;
    } else {
      value = convert(spec, given);
      if (value === undefined) {
        errors.push({
          code: 'RB4002',
          param: name,
          message: `param "${name}" must be ${describeParam(spec)}, not ${shown(JSON.stringify(given))}`,
        });
        continue;
      }
    }
    const problem = checkParamValue(name, spec, value);
    if (problem !== undefined) {
      errors.push({
        code: 'RB4002',
        param: name,
        message: `param "${name}": ${problem.message}; expected ${describeParam(spec)}${problem.hint === undefined ? '' : ` (${problem.hint})`}`,
      });
      continue;
    }
    params[name] =
      spec.type === 'duration' && typeof value === 'string' ? parseDuration(value) : value;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, params };
}
