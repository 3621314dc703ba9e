/**
 * Keeps the values of Kubernetes Secrets (core/v1) out of everything an activity returns, since
 * outputs, undo records, diffs and failures all end up in workflow history (see docs/secrets.md).
 *
 * A Secret's `data` and `stringData` values become `<redacted: N bytes>` markers; keys stay, so a
 * diff still shows which keys a step adds, removes or changes. The
 * `kubectl.kubernetes.io/last-applied-configuration` annotation holds the whole manifest, data
 * included, and is redacted the same way. Pure: no I/O.
 */
import { ApplicationFailure } from '@temporalio/common';
import { asObject, metadataOf } from './objects.js';
import type { JsonObject, JsonValue, ObjectRef } from './types.js';

/** The annotation `kubectl apply` writes: the last applied manifest, Secret data included. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** Values shorter than this are not searched for in failure messages (they would match anywhere). */
export const MIN_SCRUBBED_LENGTH = 4;

/** Whether a reference or object is a core/v1 Secret, whose data must never be returned. */
export function isSecret(object: Pick<ObjectRef, 'apiVersion' | 'kind'> | JsonObject | null) {
  return object !== null && object.apiVersion === 'v1' && object.kind === 'Secret';
}

/** `<redacted: 24 bytes>`; `changed` marks a value that differs on the other side of a diff. */
export function redactedMarker(bytes: number, changed = false): string {
  return `<redacted: ${bytes} bytes${changed ? ', changed' : ''}>`;
}

/** Decoded size of a `data` value (base64); a value that is not a string counts as 0. */
function dataBytes(value: JsonValue | undefined): number {
  return typeof value === 'string' ? Buffer.from(value, 'base64').length : 0;
}

function stringBytes(value: JsonValue | undefined): number {
  return typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0;
}

function redactMap(
  map: JsonValue | undefined,
  bytes: (value: JsonValue | undefined) => number,
  other?: JsonValue,
): JsonValue | undefined {
  const entries = asObject(map);
  if (entries === undefined) return map;
  const compare = asObject(other);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(entries)) {
    const changed = compare !== undefined && key in compare && compare[key] !== value;
    out[key] = redactedMarker(bytes(value), changed);
  }
  return out;
}

/**
 * The object with its Secret values replaced by markers; any other object is returned as is.
 * With `other` (the object on the other side of a diff), values that differ from it are marked
 * `changed`, so a diff shows a changed key even when its size stays the same.
 */
export function redactSecret(object: JsonObject, other?: JsonObject | null): JsonObject {
  if (!isSecret(object)) return object;
  const out: JsonObject = { ...object };
  if ('data' in object) out.data = redactMap(object.data, dataBytes, other?.data) ?? null;
  if ('stringData' in object) {
    out.stringData = redactMap(object.stringData, stringBytes, other?.stringData) ?? null;
  }
  const metadata = metadataOf(object);
  const annotations = asObject(metadata.annotations);
  const lastApplied = annotations?.[LAST_APPLIED_ANNOTATION];
  if (annotations !== undefined && lastApplied !== undefined) {
    const otherApplied = asObject(metadataOf(other ?? {}).annotations)?.[LAST_APPLIED_ANNOTATION];
    out.metadata = {
      ...metadata,
      annotations: {
        ...annotations,
        [LAST_APPLIED_ANNOTATION]: redactedMarker(
          stringBytes(lastApplied),
          otherApplied !== undefined && otherApplied !== lastApplied,
        ),
      },
    };
  }
  return out;
}

/** `redactSecret` for a value that may be null (an object that does not exist). */
export function redactNullable(object: JsonObject | null): JsonObject | null {
  return object === null ? null : redactSecret(object);
}

/**
 * Every string a Secret's values could show up as in a message: each `data` value as given
 * (base64) and decoded, each `stringData` value and its base64, the last-applied annotation.
 * Longest first, so a value is replaced before a shorter value inside it.
 */
export function secretStrings(...objects: ReadonlyArray<JsonValue | null | undefined>): string[] {
  const found = new Set<string>();
  const add = (text: string) => {
    if (text.length >= MIN_SCRUBBED_LENGTH) found.add(text);
  };
  for (const value of objects) {
    const object = asObject(value ?? undefined);
    if (object === undefined) continue;
    for (const item of Object.values(asObject(object.data) ?? {})) {
      if (typeof item !== 'string') continue;
      add(item);
      add(Buffer.from(item, 'base64').toString('utf8'));
    }
    for (const item of Object.values(asObject(object.stringData) ?? {})) {
      if (typeof item !== 'string') continue;
      add(item);
      add(Buffer.from(item, 'utf8').toString('base64'));
    }
    const lastApplied = asObject(metadataOf(object).annotations)?.[LAST_APPLIED_ANNOTATION];
    if (typeof lastApplied === 'string') add(lastApplied);
  }
  return [...found].sort((a, b) => b.length - a.length);
}

/**
 * The Secret values a patch carries: `data`/`stringData` of a merge patch, or the `value` of each
 * JSON-patch operation under `/data` or `/stringData` (in both encodings).
 */
export function patchSecretStrings(patch: JsonValue): string[] {
  if (!Array.isArray(patch)) return secretStrings(patch);
  const found: string[] = [];
  for (const op of patch) {
    const operation = asObject(op);
    const path = typeof operation?.path === 'string' ? operation.path : '';
    if (!/^\/(data|stringData)(\/|$)/.test(path)) continue;
    const field = path.startsWith('/data') ? 'data' : 'stringData';
    const value = operation?.value;
    const map = typeof value === 'string' ? { value } : (asObject(value) ?? {});
    found.push(...secretStrings({ [field]: map }));
  }
  return [...new Set(found)].sort((a, b) => b.length - a.length);
}

/** `text` with each of `values` replaced by `<redacted>`. */
export function scrubText(text: string, values: readonly string[]): string {
  let out = text;
  for (const value of values) out = out.split(value).join('<redacted>');
  return out;
}

/**
 * The failure with every one of `values` removed from its message, details and cause messages,
 * for a failure raised while handling a Secret (an apiserver or webhook message may quote what it
 * rejected). A failure that holds none of them is returned unchanged, original cause included;
 * otherwise the cause is replaced by a scrubbed copy of its message.
 */
export function scrubFailure(error: unknown, values: readonly string[]): unknown {
  if (values.length === 0 || !(error instanceof Error)) return error;
  // In details (JSON) a value with quotes or newlines appears escaped.
  const all = [...new Set([...values, ...values.map((v) => JSON.stringify(v).slice(1, -1))])].sort(
    (a, b) => b.length - a.length,
  );
  const causes: Error[] = [];
  for (let c = error.cause; c instanceof Error && causes.length < 10; c = c.cause) causes.push(c);
  const details = error instanceof ApplicationFailure ? JSON.stringify(error.details ?? []) : '';
  const texts = [error.message, details, ...causes.map((c) => c.message)];
  if (!texts.some((text) => all.some((value) => text.includes(value)))) return error;

  let cause: Error | undefined;
  for (const original of causes.reverse()) {
    const copy: Error = new Error(scrubText(original.message, all), cause ? { cause } : {});
    copy.name = original.name;
    cause = copy;
  }
  const message = scrubText(error.message, all);
  if (error instanceof ApplicationFailure) {
    return ApplicationFailure.create({
      message,
      ...(error.type != null ? { type: error.type } : {}),
      nonRetryable: error.nonRetryable === true,
      details: JSON.parse(scrubText(details, all)) as unknown[],
      ...(cause ? { cause } : {}),
    });
  }
  const copy = new Error(message, cause ? { cause } : {});
  copy.name = error.name;
  return copy;
}
