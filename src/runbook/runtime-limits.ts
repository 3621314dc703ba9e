/**
 * The limits the interpreter enforces while a run is in progress, as pure functions it can call
 * from workflow code (no I/O, no clock). Each returns a message when the value is over its limit
 * and undefined otherwise; the caller fails the step with it. See docs/security.md#limits.
 */
import { formatDuration } from './duration.js';
import { LIMITS } from './limits.js';
import type { JsonValue } from './model.js';

/** A `forEach` whose rendered `items` list is too long. */
export function forEachItemsProblem(items: readonly unknown[]): string | undefined {
  return items.length > LIMITS.maxForEachItems
    ? `forEach items rendered to ${items.length} items; the limit is ${LIMITS.maxForEachItems}`
    : undefined;
}

/** A rendered output value that is too large (strings by length, other values as JSON text). */
export function outputValueProblem(name: string, value: JsonValue): string | undefined {
  const size = typeof value === 'string' ? value.length : JSON.stringify(value).length;
  return size > LIMITS.maxOutputValueLength
    ? `output "${name.slice(0, LIMITS.maxIdLength)}" is ${size} characters; the limit is ${LIMITS.maxOutputValueLength}`
    : undefined;
}

/** A rendered duration (e.g. `sleep: { duration: "${{ … }}" }`) out of bounds. */
export function durationProblem(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms < 0) return `duration ${ms} ms is not a positive number`;
  return ms > LIMITS.maxDurationMs
    ? `duration ${formatDuration(ms)} is longer than the limit of ${formatDuration(LIMITS.maxDurationMs)}`
    : undefined;
}

/** The argv element the run sends for a rendered value: strings as they are, the rest as JSON. */
export function argvElement(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
