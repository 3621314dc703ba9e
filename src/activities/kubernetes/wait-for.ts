/**
 * `kubernetes.waitFor`: waits, with a watch, until an object has a condition (e.g. a Job is
 * `Complete`), a field has a value (`status.phase` = `Succeeded`) or the object is deleted.
 * A `failOn` condition (for a Job: `Failed`) ends the wait with `KubernetesWaitFailed`.
 * For a Secret, the returned object, the reported field value and the heartbeat progress show
 * redaction markers, never values (the comparison itself uses the real value).
 */
import { isDeepStrictEqual } from 'node:util';
import { ApplicationFailure } from '@temporalio/common';
import { WaitForInput } from '../../runbook/actions/index.js';
import { describeRef } from './cluster.js';
import type { ActionEnv } from './env.js';
import { kubeCall } from './errors.js';
import { asObject, getPath, parseInput, withoutManagedFields } from './objects.js';
import { redactSecret } from './secret-redaction.js';
import type { JsonObject, KubernetesResult } from './types.js';
import { watchObject } from './watch-object.js';
import { readObject } from './write.js';

export async function waitFor(env: ActionEnv, raw: unknown): Promise<KubernetesResult> {
  const input = parseInput(WaitForInput, raw, 'kubernetes.waitFor');
  const cluster = env.cluster(input.cluster);
  const { ref, info } = await kubeCall({ verb: 'get', cluster }, () => cluster.resolve(input));
  // A missing object is an error (a typo should not wait forever), unless waiting for deletion.
  if (!input.deleted) await readObject({ cluster, ref, info });
  const failOn = input.failOn ?? (ref.kind === 'Job' ? 'Failed' : undefined);
  const conditionOf = (object: JsonObject, type: string) =>
    ((getPath(object, 'status.conditions') ?? []) as JsonObject[]).find(
      (c) => asObject(c)?.type === type,
    );
  const what = input.deleted
    ? 'deletion'
    : input.condition !== undefined
      ? `condition ${input.condition}=${input.status}`
      : `${input.field} = ${JSON.stringify(input.equals)}`;

  const outputs = await watchObject<JsonObject>({
    cluster,
    info,
    ref,
    what,
    timeoutSeconds: input.timeoutSeconds,
    check: (object) => {
      if (object === null) {
        if (input.deleted) return { done: true, value: { deleted: true } };
        throw ApplicationFailure.create({
          type: 'KubernetesNotFound',
          nonRetryable: true,
          message: `${describeRef(ref, info)} was deleted while waiting for ${what}`,
        });
      }
      if (input.deleted) return { done: false, progress: { exists: true } };
      if (failOn !== undefined) {
        const failed = conditionOf(object, failOn);
        if (failed?.status === 'True') {
          throw ApplicationFailure.create({
            type: 'KubernetesWaitFailed',
            nonRetryable: true,
            message:
              `${describeRef(ref, info)} has condition ${failOn}: ${String(failed.reason ?? '')} ${String(failed.message ?? '')}`.trim(),
          });
        }
      }
      if (input.condition !== undefined) {
        const condition = conditionOf(object, input.condition);
        if (condition?.status === input.status) {
          return {
            done: true,
            value: { condition: condition, object: redactSecret(withoutManagedFields(object)) },
          };
        }
        return {
          done: false,
          progress: { condition: input.condition, status: condition?.status ?? null },
        };
      }
      const value = getPath(object, input.field as string);
      const shown = redactSecret(withoutManagedFields(object));
      const shownValue = getPath(shown, input.field as string) ?? null;
      if (isDeepStrictEqual(value, input.equals)) {
        return { done: true, value: { value: shownValue, object: shown } };
      }
      return { done: false, progress: { field: input.field, value: shownValue } };
    },
  });
  return { outputs };
}
