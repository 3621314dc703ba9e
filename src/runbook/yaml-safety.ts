/**
 * YAML features a runbook must not use: tags. A runbook is plain data (strings, numbers, booleans,
 * null, mappings, lists); `!!binary`, `!!set`, `!!timestamp` or a custom `!tag` would either be
 * silently turned into something else or dropped, so the author's intent and the runner's reading
 * would differ. Every node with a tag other than the core ones is RB5008. Pure.
 */
import { type Document, isNode, isScalar, visit } from 'yaml';
import { shown } from './bounded-text.js';
import { type Diagnostic, positionAt } from './diagnostics.js';

const CORE_TAGS: ReadonlySet<string> = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`),
);

/** RB5008 for every node written with a tag other than a core one (`!!str`, `!!int`, …). */
export function checkYamlTags(doc: Document, text: string, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  // The parser sets `tag` only on nodes written with `!…`, `!!…` or `!<…>`; unresolved ones too.
  visit(doc, (_key, node) => {
    if (!isNode(node) || node.tag === undefined || CORE_TAGS.has(node.tag)) return undefined;
    out.push({
      code: 'RB5008',
      severity: 'error',
      message: `YAML tag ${shown(node.tag, 60)} is not allowed in a runbook`,
      file,
      ...positionAt(text, node.range?.[0] ?? 0),
      hint: 'write the value as a plain string, number, boolean, list or mapping (quote it if it must stay text)',
    });
    return undefined;
  });
  return out;
}

/**
 * RB1006 for every key that repeats one before it in the same mapping, in one pass (a Set per
 * mapping). The YAML library's own `uniqueKeys` check compares each key with every earlier one:
 * 50,000 keys in one mapping take minutes there, a fraction of a second here.
 */
export function findDuplicateKeys(doc: Document, text: string, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = pair.key;
        const name = isScalar(key) ? `s:${String(key.value)}` : `n:${String(key)}`;
        if (!seen.has(name)) {
          seen.add(name);
          continue;
        }
        const offset = isNode(key) ? (key.range?.[0] ?? 0) : 0;
        out.push({
          code: 'RB1006',
          severity: 'error',
          message: 'duplicate key: a key may appear only once in a mapping',
          file,
          ...positionAt(text, offset),
          hint: 'remove one of the two; YAML would otherwise silently keep the last',
        });
      }
      return undefined;
    },
  });
  return out;
}
