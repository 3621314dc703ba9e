/** Helpers on plain Kubernetes objects and activity inputs. */
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import { describeInputIssues } from '../../runbook/actions/index.js';
import type { JsonObject, JsonValue, ObjectRef } from './types.js';

/** The field manager that every write by runbook-runner is recorded under. */
export const FIELD_MANAGER = 'runbook-runner';

/**
 * Parses an activity input (the rendered `with:`) with its schema from the action registry.
 * @throws ApplicationFailure `KubernetesInvalidInput` (non-retryable) naming each bad field.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  activity: string,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = describeInputIssues(result.error.issues, input);
  throw ApplicationFailure.create({
    type: 'KubernetesInvalidInput',
    nonRetryable: true,
    message: `${activity}: invalid input: ${problems.join('; ')}. Fix the step's with: (an expression there may have rendered to a value of the wrong type); retrying cannot help.`,
  });
}

export function asObject(value: JsonValue | undefined): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

export function metadataOf(object: JsonObject): JsonObject {
  return asObject(object.metadata) ?? {};
}

/** The object without managedFields: what `get` returns and outputs carry. */
export function withoutManagedFields(object: JsonObject): JsonObject {
  const metadata = { ...metadataOf(object) };
  delete metadata.managedFields;
  return { ...object, metadata };
}

/**
 * The object as a user would have written it: without status and the fields the server sets
 * (uid, resourceVersion, generation, creationTimestamp, managedFields). Undo records keep this,
 * and diffs compare it.
 */
export function userFields(object: JsonObject): JsonObject {
  const metadata = { ...metadataOf(object) };
  for (const field of [
    'managedFields',
    'resourceVersion',
    'uid',
    'generation',
    'creationTimestamp',
    'selfLink',
  ]) {
    delete metadata[field];
  }
  const { status: _status, ...rest } = object;
  return { ...rest, metadata };
}

export function refOf(object: JsonObject): ObjectRef {
  const metadata = metadataOf(object);
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  return {
    apiVersion: String(object.apiVersion),
    kind: String(object.kind),
    name: String(metadata.name),
    ...(namespace !== undefined ? { namespace } : {}),
  };
}

/** Reads a dotted path (`status.phase`, `spec.template.spec.containers.0.image`). */
export function getPath(object: JsonValue, path: string): JsonValue | undefined {
  let current: JsonValue | undefined = object;
  for (const part of path.replace(/^\./, '').split('.')) {
    if (Array.isArray(current)) current = current[Number(part)];
    else if (typeof current === 'object' && current !== null) current = current[part];
    else return undefined;
  }
  return current;
}

/** JSON round trip: the structured-clone of plain data that also drops `undefined`. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
