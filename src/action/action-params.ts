// The `params` input: a YAML mapping of param name → scalar value, read as data only.
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  LineCounter,
  type Node,
  parseDocument,
  type Scalar,
} from 'yaml';
import { shown } from '../runbook/bounded-text.js';
import { LIMITS } from '../runbook/limits.js';
import { ActionError } from './errors.js';

/** The most text `params` may hold: every param at its longest, with room for names and quotes. */
export const MAX_PARAMS_TEXT = LIMITS.maxParamCount * (LIMITS.maxParamValueLength + 128);

const HOW =
  'give params as a YAML mapping of name to one scalar value, e.g.\n  params: |\n    version: v1.2.3\n    dryRun: false';

function refuse(problem: string, where?: { line: number; col: number }): never {
  const at = where === undefined ? '' : ` (line ${where.line}, column ${where.col})`;
  throw new ActionError('RB8082', `params${at}: ${problem}; ${HOW}`);
}

/**
 * `params` as name → text, for `resolveParams` to type and check against the runbook. Parsed with
 * YAML's failsafe schema, so every scalar stays the text that was written (`1.10` is not `1.1`,
 * `on` is not `true`): the runbook's param types decide what a value means. Refused, naming the
 * line: more than one document, a top level that is not a mapping, a nested mapping or list, an
 * empty value, an anchor, alias or tag, a duplicate or non-text key, and any YAML error. Nothing
 * in the text is evaluated.
 */
export function parseActionParams(text: string): Record<string, string> {
  if (text.length > MAX_PARAMS_TEXT) {
    refuse(`${text.length} characters is more than the ${MAX_PARAMS_TEXT} allowed`);
  }
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, {
      schema: 'failsafe',
      lineCounter: lines,
      uniqueKeys: false, // checked below, in one pass
      prettyErrors: false,
    });
  } catch (error) {
    refuse(`not YAML: ${shown((error as Error).message)}`);
  }
  const pos = (node: Node | undefined) => {
    const { line, col } = lines.linePos(node?.range?.[0] ?? 0);
    return { line, col };
  };
  const [first] = doc.errors;
  if (first !== undefined) {
    const { line, col } = lines.linePos(first.pos[0]);
    refuse(`not valid YAML: ${shown(first.message.split('\n')[0] ?? first.code)}`, { line, col });
  }
  const top = doc.contents;
  const params: Record<string, string> = Object.create(null);
  if (top === null || (isScalar(top) && top.value === '' && top.type === 'PLAIN')) return params;
  if (!isMap(top)) refuse('the top level is not a mapping', pos(top as Node));
  const checkPlain = (node: Node, what: string) => {
    if (node.anchor !== undefined)
      refuse(`${what} has an anchor (&${shown(node.anchor, 40)})`, pos(node));
    if (node.tag !== undefined)
      refuse(`${what} has a YAML tag (${shown(node.tag, 40)})`, pos(node));
  };
  checkPlain(top, 'the mapping');
  if (top.items.length > LIMITS.maxParamCount) {
    refuse(`${top.items.length} params is more than the ${LIMITS.maxParamCount} allowed`);
  }
  for (const pair of top.items) {
    const key = pair.key as Node | null;
    if (key === null || isAlias(key) || !isScalar(key)) {
      refuse('a key is not a plain name', pos(key ?? undefined));
    }
    checkPlain(key, 'a key');
    const name = String((key as Scalar).value);
    if (name === '') refuse('a key is empty', pos(key));
    if (Object.hasOwn(params, name)) refuse(`"${shown(name, 64)}" is given twice`, pos(key));
    const value = pair.value as Node | null;
    if (value === null || (isScalar(value) && value.type === 'PLAIN' && value.value === '')) {
      refuse(`"${shown(name, 64)}" has no value (write "" for an empty string)`, pos(key));
    }
    if (isAlias(value)) refuse(`"${shown(name, 64)}" is an alias (*…)`, pos(value));
    if (!isScalar(value)) {
      refuse(
        `"${shown(name, 64)}" is a ${isMap(value) ? 'mapping' : 'list'}, not one value`,
        pos(value),
      );
    }
    checkPlain(value, `the value of "${shown(name, 64)}"`);
    params[name] = String(value.value);
  }
  return params;
}
