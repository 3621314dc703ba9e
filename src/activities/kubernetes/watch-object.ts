/**
 * Follows one object with a watch (not polling) until a check says it is done, heartbeating
 * progress. Resumes after the server closes the watch, lists again after 410 Gone, and stops on
 * cancellation or after an optional timeout.
 */
import { ApplicationFailure } from '@temporalio/common';
import {
  type Cluster,
  describeRef,
  objectPath,
  type ResourceInfo,
  resourcePath,
} from './cluster.js';
import { cancellationSignal, heartbeat } from './env.js';
import { isNotFound, kubeCall, toKubernetesFailure } from './errors.js';
import { metadataOf } from './objects.js';
import { KubeApiError } from './rest.js';
import type { JsonObject, ObjectRef } from './types.js';

/** Heartbeats at least this often while nothing changes, so a heartbeat timeout means a dead worker. */
export const WAIT_HEARTBEAT_INTERVAL_MS = 10_000;

/** `done`: stop and return; `waiting`: keep watching; a thrown error ends the wait with it. */
export type Check<T> =
  | { readonly done: true; readonly value: T }
  | { readonly done: false; readonly progress: Record<string, unknown> };

export async function watchObject<T>(options: {
  readonly cluster: Cluster;
  readonly info: ResourceInfo;
  readonly ref: ObjectRef;
  /** Called with the object, or null once it does not exist. */
  readonly check: (object: JsonObject | null) => Check<T>;
  readonly timeoutSeconds?: number | undefined;
  readonly what: string;
}): Promise<T> {
  const { cluster, info, ref, check, what } = options;
  const cancelled = cancellationSignal();
  const controller = new AbortController();
  const abortOnCancel = () => controller.abort(cancelled?.reason);
  cancelled?.addEventListener('abort', abortOnCancel, { once: true });
  let lastProgress: Record<string, unknown> = { waitingFor: what };
  const ticker = setInterval(() => heartbeat(lastProgress), WAIT_HEARTBEAT_INTERVAL_MS);
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  if (options.timeoutSeconds !== undefined) {
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, options.timeoutSeconds * 1000);
  }
  const report = (progress: Record<string, unknown>) => {
    lastProgress = { waitingFor: what, ...progress };
    heartbeat(lastProgress);
  };
  try {
    for (;;) {
      // List (GET) first: the state now, and the resourceVersion to watch from.
      let object: JsonObject | null;
      try {
        object = await kubeCall({ verb: 'get', cluster, ref, info }, async () => {
          try {
            return await cluster.rest.request<JsonObject>({
              method: 'GET',
              path: objectPath(info, ref),
              signal: controller.signal,
            });
          } catch (error) {
            if (isNotFound(error)) return null;
            throw error;
          }
        });
      } catch (error) {
        throw controller.signal.aborted ? abortError() : error;
      }
      let result = check(object);
      if (result.done) return result.value;
      report(result.progress);
      let resourceVersion =
        object === null ? undefined : String(metadataOf(object).resourceVersion ?? '') || undefined;
      let relist = false;
      while (!relist) {
        let value: { v: T } | undefined;
        try {
          const outcome = await cluster.rest.watch(
            resourcePath(info, ref.namespace),
            {
              fieldSelector: `metadata.name=${ref.name}`,
              ...(resourceVersion !== undefined ? { resourceVersion } : {}),
            },
            (type, event) => {
              resourceVersion = String(metadataOf(event).resourceVersion ?? resourceVersion);
              if (type === 'BOOKMARK') return false;
              result = check(type === 'DELETED' ? null : event);
              if (result.done) {
                value = { v: result.value };
                return true;
              }
              report(result.progress);
              return false;
            },
            controller.signal,
          );
          if (outcome === 'done' && value !== undefined) return value.v;
        } catch (error) {
          if (controller.signal.aborted) throw abortError();
          if (error instanceof KubeApiError && error.status === 410) relist = true;
          else throw toKubernetesFailure(error, { verb: 'watch', cluster, ref, info });
        }
      }
    }
  } finally {
    clearInterval(ticker);
    if (timer) clearTimeout(timer);
    cancelled?.removeEventListener('abort', abortOnCancel);
  }

  function abortError(): Error {
    if (timedOut) {
      return ApplicationFailure.create({
        type: 'KubernetesTimeout',
        nonRetryable: true,
        message: `gave up after ${options.timeoutSeconds} s waiting for ${what} of ${describeRef(ref, info)}; last state: ${JSON.stringify(lastProgress)}`,
      });
    }
    return (cancelled?.reason as Error | undefined) ?? new Error('cancelled');
  }
}
