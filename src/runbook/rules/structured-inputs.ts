// biome-ignore-all lint/suspicious/noTemplateCurlyInString: runbook templates are written ${{ … }}
/**
 * Structure, not text: inputs that the runner would otherwise parse *after* rendering are parsed
 * *before*, when the runbook is read, so that a `${{ }}` value lands inside one scalar and can
 * never add a document, a key or a line.
 *
 * `kubernetes.apply` `manifest:` written as a YAML string becomes the list of its documents in
 * the definition; each scalar is rendered in place at run time (renderTemplate), so a param value
 * `x\n---\nkind: ClusterRoleBinding …` stays one string inside one document. A manifest that is
 * exactly one expression (`"${{ steps.render.outputs.yaml }}"`) stays text: it is produced by a
 * step, and the activity parses it then. Pure.
 */
import { parseAllDocuments } from 'yaml';
import { shown } from '../bounded-text.js';
import type { Diagnostic } from '../diagnostics.js';
import { hasExpression, isSingleExpression } from '../expressions.js';
import { LIMITS } from '../limits.js';
import type { Locator, Path } from '../locate.js';
import type { JsonObject, JsonValue } from '../model.js';

export type ManifestParse =
  | { readonly ok: true; readonly documents: JsonObject[] }
  | { readonly ok: false; readonly message: string; readonly offset: number };

/** The documents of a manifest template, or why it is not one. */
export function parseManifestTemplate(text: string): ManifestParse {
  const documents: JsonObject[] = [];
  for (const [index, document] of parseAllDocuments(text, {
    prettyErrors: false,
    strict: true,
    uniqueKeys: true,
  }).entries()) {
    const error = document.errors[0];
    if (error !== undefined) {
      return {
        ok: false,
        message: `document ${index + 1} is not valid YAML: ${shown(error.message.split('\n')[0] ?? '')}`,
        offset: error.pos[0],
      };
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: LIMITS.maxAliasCount });
    } catch {
      return { ok: false, message: `document ${index + 1} expands too many aliases`, offset: 0 };
    }
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      return {
        ok: false,
        message: `document ${index + 1} is not a mapping`,
        offset: document.range[0],
      };
    }
    const key = templatedKey(value as JsonObject);
    if (key !== undefined) {
      return {
        ok: false,
        message: `document ${index + 1} has an expression in the key "${shown(key, 60)}"; only values may hold expressions`,
        offset: Math.max(0, text.indexOf(key)),
      };
    }
    documents.push(value as JsonObject);
  }
  if (documents.length === 0)
    return { ok: false, message: 'the manifest holds no document', offset: 0 };
  return { ok: true, documents };
}

function templatedKey(value: JsonValue): string | undefined {
  if (Array.isArray(value)) {
    for (const element of value) {
      const found = templatedKey(element);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, element] of Object.entries(value)) {
    if (hasExpression(key)) return key;
    const found = templatedKey(element);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Whether this input is a manifest template that the definition holds as structure. */
function isManifestTemplate(
  action: string,
  input: JsonObject,
): input is JsonObject & { manifest: string } {
  return (
    action === 'kubernetes.apply' &&
    typeof input.manifest === 'string' &&
    !isSingleExpression(input.manifest.trim())
  );
}

/** The input as the definition stores it: a manifest string becomes its list of documents. */
export function structureActionInput(action: string, input: JsonObject): JsonObject {
  if (!isManifestTemplate(action, input)) return input;
  const parsed = parseManifestTemplate(input.manifest);
  // validate refuses a manifest that does not parse, so this keeps the text only for safety.
  return parsed.ok ? { ...input, manifest: parsed.documents } : input;
}

/** RB5011 when a manifest template is not YAML documents with expressions only in values. */
export function checkStructuredInputs(
  action: string,
  input: JsonObject,
  path: Path,
  locator: Locator,
): Diagnostic[] {
  if (!isManifestTemplate(action, input)) return [];
  const parsed = parseManifestTemplate(input.manifest);
  if (parsed.ok) return [];
  const manifestPath = [...path, 'manifest'];
  return [
    {
      code: 'RB5011',
      severity: 'error',
      message: `kubernetes.apply manifest: ${parsed.message}`,
      file: locator.file,
      ...locator.inString(manifestPath, parsed.offset, parsed.offset + 1),
      hint: 'write the manifest as YAML whose values may hold ${{ }} (quote a value that starts with "{" or "["); each value is rendered in place, never spliced into the text',
    },
  ];
}
