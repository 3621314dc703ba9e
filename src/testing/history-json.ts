/**
 * Workflow histories as JSON files: the shape `temporal workflow show --output json` prints, the
 * Web UI downloads, and `Worker.runReplayHistories` replays (proto3 JSON of
 * `temporal.api.history.v1.History`).
 *
 * The SDK's own `historyToJSON` / `historyFromJSON` (`@temporalio/common`) do this, but they break
 * when npm installs two copies of protobufjs 8, one under `@temporalio/common` and one under
 * `@temporalio/proto` (it does here, because the top-level protobufjs is the 7.x that
 * `@grpc/proto-loader` needs): protojson then refuses the other copy's message types with
 * "type must be a Type". So these helpers try the SDK first and, only on that error, use the
 * protojson of the copy `@temporalio/proto` was built with. Both produce the same JSON.
 */
import { createRequire } from 'node:module';
import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

interface ProtoJson {
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
  toJson(type: unknown, message: unknown): unknown;
}

interface SdkProtoUtils {
  historyFromJSON(history: unknown): History;
  historyToJSON(history: History): string;
}

const require = createRequire(import.meta.url);

/** The SDK's helpers; not re-exported from the package root. */
const sdk = (): SdkProtoUtils => require('@temporalio/common/lib/proto-utils') as SdkProtoUtils;

let fallback: { protojson: ProtoJson; historyType: unknown } | undefined;

/** protojson and the History type, both from the protobufjs copy `@temporalio/proto` uses. */
function protoSide(): { protojson: ProtoJson; historyType: unknown } {
  if (fallback !== undefined) return fallback;
  const fromProto = createRequire(require.resolve('@temporalio/proto'));
  const protojson = fromProto('protobufjs/ext/protojson') as ProtoJson;
  const { patchProtobufRoot } = require('@temporalio/proto/lib/patch-protobuf-root') as {
    patchProtobufRoot(root: unknown): { lookupType(name: string): unknown };
  };
  const historyType = patchProtobufRoot(require('@temporalio/proto')).lookupType(
    'temporal.api.history.v1.History',
  );
  fallback = { protojson, historyType };
  return fallback;
}

function isDuplicateProtobufError(error: unknown): boolean {
  return error instanceof TypeError && error.message === 'type must be a Type';
}

/** A history (as `handle.fetchHistory()` returns it) as pretty-printed proto3 JSON. */
export function historyToJSON(history: History): string {
  try {
    return sdk().historyToJSON(history);
  } catch (error) {
    if (!isDuplicateProtobufError(error)) throw error;
    const { protojson, historyType } = protoSide();
    const proto = require('@temporalio/proto') as typeof import('@temporalio/proto');
    const message = proto.temporal.api.history.v1.History.fromObject(history);
    return JSON.stringify(protojson.toJson(historyType, message), null, 2);
  }
}

/**
 * A history read from JSON (`temporal workflow show --output json`, a Web UI download, or
 * {@link historyToJSON}), ready for `Worker.runReplayHistories`.
 */
export function historyFromJSON(json: unknown): History {
  try {
    return sdk().historyFromJSON(json);
  } catch (error) {
    if (!isDuplicateProtobufError(error)) throw error;
    if (typeof json !== 'object' || json === null || !Array.isArray((json as History).events)) {
      throw new TypeError('Invalid history, expected an object with an array of events', {
        cause: error,
      });
    }
    const { protojson, historyType } = protoSide();
    return protojson.fromJson(historyType, json, { ignoreUnknownFields: true }) as History;
  }
}
