/**
 * YAML text → a plain value and a locator, with the same safety checks a runbook file gets (size,
 * text only, syntax, duplicate keys, tags, alias expansion), each reported at its position with
 * the codes those shared checks use. Pure: no I/O.
 */
import { LineCounter, parseDocument } from 'yaml';
import { shown } from '../runbook/bounded-text.js';
import { compareDiagnostics, type Diagnostic, positionAt } from '../runbook/diagnostics.js';
import { LIMITS } from '../runbook/limits.js';
import { createLocator, type Locator } from '../runbook/locate.js';
import { checkYamlTags, findDuplicateKeys, findNonText } from '../runbook/yaml-safety.js';

export type ReadYamlResult =
  | { readonly ok: true; readonly value: unknown; readonly locator: Locator }
  | { readonly ok: false; readonly diagnostics: Diagnostic[] };

function at(file: string, code: string, message: string, hint: string): Diagnostic {
  return { code, severity: 'error', message, file, line: 1, column: 1, hint };
}

export function readYaml(text: string, file: string, maxBytes: number): ReadYamlResult {
  if (text.length > maxBytes / 4 && new TextEncoder().encode(text).length > maxBytes) {
    return {
      ok: false,
      diagnostics: [
        at(
          file,
          'RB1008',
          `the file is larger than ${maxBytes / 1024 / 1024} MiB`,
          'split the cases over several test files',
        ),
      ],
    };
  }
  const nonText = findNonText(text, file);
  if (nonText !== undefined) return { ok: false, diagnostics: [nonText] };
  const doc = parseDocument(text, {
    uniqueKeys: false,
    prettyErrors: false,
    lineCounter: new LineCounter(),
    strict: true,
  });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      diagnostics: doc.errors.map((error) => {
        const from = positionAt(text, error.pos[0]);
        return {
          code: 'RB1005',
          severity: 'error',
          message: `YAML syntax error: ${shown(error.message.split('\n')[0] ?? '')}`,
          file,
          line: from.line,
          column: from.column,
        };
      }),
    };
  }
  const structural = [...findDuplicateKeys(doc, text, file), ...checkYamlTags(doc, text, file)];
  if (structural.length > 0) return { ok: false, diagnostics: structural.sort(compareDiagnostics) };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: LIMITS.maxAliasCount });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return {
      ok: false,
      diagnostics: [
        at(
          file,
          'RB1007',
          `YAML aliases expand too much (more than ${LIMITS.maxAliasCount} alias uses)`,
          'write the repeated parts out, or use fewer anchors and aliases',
        ),
      ],
    };
  }
  return { ok: true, value, locator: createLocator(doc, text, file) };
}
