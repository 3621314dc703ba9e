// The modal that asks for a runbook's params when `/runbook run` lacks some or has invalid ones:
// one input block per param, its element chosen by the param's type, and the submitted values
// read back as the raw strings `resolveParams` takes (the same validation as `runbook run`).
import { cut } from '../../runbook/bounded-text.js';
import type { ParamSpec, RunbookDefinition } from '../../runbook/model.js';
import { describeParam, type ParamError } from '../../runbook/params.js';
import { escapeMrkdwn } from './slack-text.js';

export const PARAM_MODAL_CALLBACK_ID = 'runbook_params';
const ACTION_ID = 'value';
const blockId = (param: string) => `param:${param}`;

type Block = Record<string, unknown>;
const plain = (text: string, max = 150) => ({ type: 'plain_text', text: cut(text, max) });

/** A param's element, prefilled with what the user typed (a secret never is). */
function element(spec: ParamSpec, typed: string | undefined): Block {
  const initial = spec.type === 'secret' ? undefined : typed;
  if (spec.enum !== undefined) {
    const options = spec.enum.slice(0, 100).map((value) => ({
      text: plain(String(value), 75),
      value: cut(String(value), 150),
    }));
    const chosen = options.find((option) => option.value === initial);
    return {
      type: 'static_select',
      action_id: ACTION_ID,
      options,
      ...(chosen === undefined ? {} : { initial_option: chosen }),
    };
  }
  switch (spec.type) {
    case 'boolean': {
      const option = { text: plain('yes'), value: 'true' };
      const on = (initial ?? String(spec.default ?? false)) === 'true';
      return {
        type: 'checkboxes',
        action_id: ACTION_ID,
        options: [option],
        ...(on ? { initial_options: [option] } : {}),
      };
    }
    case 'integer':
      return {
        type: 'number_input',
        action_id: ACTION_ID,
        is_decimal_allowed: false,
        ...(initial !== undefined && /^-?\d{1,15}$/.test(initial)
          ? { initial_value: initial }
          : {}),
      };
    case 'duration':
    case 'string':
      return {
        type: 'plain_text_input',
        action_id: ACTION_ID,
        ...(initial === undefined ? {} : { initial_value: cut(initial, 3000) }),
      };
    case 'secret':
      return {
        type: 'plain_text_input',
        action_id: ACTION_ID,
        placeholder: plain('env:NAME or file:/path'),
      };
    default: {
      const never: never = spec.type;
      throw new Error(`unhandled param type ${String(never)}`);
    }
  }
}

function hint(spec: ParamSpec): string {
  const parts = [spec.description, `${describeParam(spec)}`];
  if (spec.type === 'secret') parts.push('a reference to where the secret is, never the secret');
  if (spec.default !== undefined && spec.type !== 'secret')
    parts.push(`default ${String(spec.default)}`);
  return parts.filter((part) => part !== undefined && part !== '').join(' · ');
}

/** The `views.open` view: one block per param, plus the problems found in what was typed. */
export function paramModal(
  definition: RunbookDefinition,
  typed: Readonly<Record<string, string>>,
  problems: readonly string[],
  privateMetadata: string,
): Block {
  const blocks: Block[] = [];
  if (problems.length > 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: cut(problems.map((p) => `• ${escapeMrkdwn(p)}`).join('\n'), 2900),
      },
    });
  }
  for (const [name, spec] of Object.entries(definition.params).slice(0, 95)) {
    const given = Object.hasOwn(typed, name) ? typed[name] : undefined;
    blocks.push({
      type: 'input',
      block_id: blockId(name),
      label: plain(name, 2000),
      hint: plain(hint(spec), 2000),
      optional: spec.default !== undefined || spec.type === 'boolean',
      element: element(spec, given),
    });
  }
  return {
    type: 'modal',
    callback_id: PARAM_MODAL_CALLBACK_ID,
    private_metadata: privateMetadata,
    title: plain(cut(`Run ${definition.name}`, 24), 24),
    submit: plain('Start run'),
    close: plain('Cancel'),
    blocks,
  };
}

interface StateValue {
  readonly type?: unknown;
  readonly value?: unknown;
  readonly selected_option?: { readonly value?: unknown } | null;
  readonly selected_options?: ReadonlyArray<{ readonly value?: unknown }>;
}

/**
 * The submitted values as raw strings, only for the runbook's own params; an empty optional
 * field is left out so its default applies. The view state comes from the client: hostile.
 */
export function readModalValues(
  definition: RunbookDefinition,
  state: unknown,
): Record<string, string> {
  const values = (state as { values?: unknown } | undefined)?.values;
  const raw = new Map<string, string>();
  if (typeof values !== 'object' || values === null) return {};
  for (const [name, spec] of Object.entries(definition.params)) {
    const block = (values as Record<string, unknown>)[blockId(name)];
    if (typeof block !== 'object' || block === null || !Object.hasOwn(block, ACTION_ID)) continue;
    const input = (block as Record<string, StateValue>)[ACTION_ID];
    if (input === undefined) continue;
    if (spec.type === 'boolean' && spec.enum === undefined) {
      const selected = Array.isArray(input.selected_options) ? input.selected_options : [];
      raw.set(name, selected.some((option) => option.value === 'true') ? 'true' : 'false');
      continue;
    }
    const value = input.selected_option !== undefined ? input.selected_option?.value : input.value;
    if (typeof value === 'string' && value !== '') raw.set(name, value);
  }
  return Object.fromEntries(raw);
}

/**
 * `response_action: errors`, one message per param block. A secret param's message never quotes
 * what was typed.
 */
export function modalErrors(
  definition: RunbookDefinition,
  errors: readonly ParamError[],
): Record<string, string> {
  const byBlock: Record<string, string> = {};
  for (const error of errors) {
    const spec = Object.hasOwn(definition.params, error.param)
      ? definition.params[error.param]
      : undefined;
    if (spec === undefined) continue;
    const message = spec.type === 'secret' ? `must be ${describeParam(spec)}` : error.message;
    byBlock[blockId(error.param)] = cut(message, 1900);
  }
  return byBlock;
}

/** A problem for the modal's top section, with a secret's value never quoted. */
export function problemText(definition: RunbookDefinition, error: ParamError): string {
  const spec = Object.hasOwn(definition.params, error.param)
    ? definition.params[error.param]
    : undefined;
  return spec?.type === 'secret'
    ? `param "${error.param}" must be ${describeParam(spec)}`
    : error.message;
}
