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

/**
 * Characters a runbook's text may not hold: C0 controls other than tab, line feed and carriage
 * return, DEL, C1 controls, bidirectional overrides and isolates ("Trojan Source": text that reads
 * differently from how it parses), and noncharacters. YAML escapes (`"\e"`) are still fine.
 */
const NOT_TEXT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/;

/** RB5009 at the first character that is not printable text. */
export function findNonText(text: string, file: string): Diagnostic | undefined {
  const match = NOT_TEXT.exec(text);
  if (match === null) return undefined;
  const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return {
    code: 'RB5009',
    severity: 'error',
    message: `the file holds the control character U+${code}; a runbook is printable text`,
    file,
    ...positionAt(text, match.index),
    hint: 'remove it; write a control character in a value as a YAML escape in a double-quoted string, e.g. "\\t"',
  };
}
