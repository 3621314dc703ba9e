// POST /codec/encode and /codec/decode as the Temporal codec-server protocol defines them (the
// Web UI's `codec.endpoint` and `temporal --codec-endpoint` are `<server>/codec`), plus their
// CORS preflights. Order of checks: origin, then authentication, then the body: a caller that is
// not allowed learns nothing and gets nothing decoded.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Payload } from '@temporalio/common';
import type { EncryptionCodec } from '../../codec/encryption-codec.js';
import { RunbookError } from '../../runbook/errors.js';
import { readRawBody, reply } from '../read-body.js';
import type { ServerRoute } from '../types.js';
import { authorize } from './authorize.js';
import { corsFor, preflightHeaders } from './cors.js';
import { CodecRequestRefused } from './errors.js';
import { payloadsFromJson, payloadsToJson } from './proto-json.js';
import type { CodecServerSettings } from './settings.js';

export const CODEC_PATH = '/codec';
/**
 * A decode request carries one event's payloads or a few; Temporal refuses payloads over 2 MiB,
 * so this leaves room for a couple of the largest plus base64's third.
 */
export const MAX_CODEC_BODY_BYTES = 8 * 1024 * 1024;

export interface CodecRouteDeps {
  readonly codec: EncryptionCodec;
  readonly settings: CodecServerSettings;
  log(line: string): void;
  /** Unix seconds, for JWT `exp`/`nbf`. */
  now(): number;
}

type Operation = 'encode' | 'decode';

function refuse(
  res: ServerResponse,
  refusal: CodecRequestRefused,
  headers: Record<string, string>,
): void {
  reply(res, refusal.status, { code: refusal.code, message: refusal.message }, headers);
}

async function handle(
  operation: Operation,
  deps: CodecRouteDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = `${CODEC_PATH}/${operation}`;
  const cors = corsFor(req, deps.settings.corsOrigins);
  if (cors.kind === 'refused') {
    deps.log(
      `codec: RB9007 POST ${path} from origin ${cors.origin.slice(0, 100)} refused (not in RUNBOOK_CODEC_CORS_ORIGINS)`,
    );
    return refuse(
      res,
      new CodecRequestRefused('RB9007', 403, 'this origin is not in RUNBOOK_CODEC_CORS_ORIGINS'),
      {},
    );
  }
  const corsHeaders = cors.kind === 'allowed' ? cors.headers : {};
  const auth = authorize(req.headers, deps.settings, deps.now());
  if (!auth.ok) {
    deps.log(`codec: RB9005 POST ${path} refused: ${auth.reason}`);
    // Drain nothing: the body of an unauthenticated caller is never read.
    return refuse(res, new CodecRequestRefused('RB9005', 401, `unauthenticated: ${auth.reason}`), {
      ...corsHeaders,
      'www-authenticate': 'Bearer realm="runbook-runner codec"',
    });
  }
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    return refuse(
      res,
      new CodecRequestRefused('RB9006', 415, 'send the body as Content-Type: application/json'),
      corsHeaders,
    );
  }
  let payloads: Payload[];
  try {
    payloads = payloadsFromJson(await readRawBody(req, MAX_CODEC_BODY_BYTES));
  } catch (error) {
    if (error instanceof CodecRequestRefused) return refuse(res, error, corsHeaders);
    throw error;
  }
  let result: Payload[];
  try {
    result =
      operation === 'encode'
        ? await deps.codec.encode(payloads)
        : await deps.codec.decode(payloads);
  } catch (error) {
    // A payload under a key this server lacks, or one that fails authentication: the protocol's
    // "decoder error" (400); the message names the key id, never payload contents.
    if (error instanceof RunbookError) {
      deps.log(`codec: ${error.code} POST ${path}: ${error.message}`);
      return reply(res, 400, { code: error.code, message: error.message }, corsHeaders);
    }
    throw error;
  }
  reply(res, 200, payloadsToJson(result), corsHeaders);
}

function preflight(deps: CodecRouteDeps, path: string): ServerRoute {
  return {
    method: 'OPTIONS',
    path,
    handle: async (req, res) => {
      const cors = corsFor(req, deps.settings.corsOrigins);
      if (cors.kind !== 'allowed') {
        if (cors.kind === 'refused') {
          deps.log(
            `codec: RB9007 OPTIONS ${path} from origin ${cors.origin.slice(0, 100)} refused (not in RUNBOOK_CODEC_CORS_ORIGINS)`,
          );
        }
        return reply(res, 403, 'origin not allowed\n');
      }
      res.writeHead(204, preflightHeaders(cors.headers));
      res.end();
    },
  };
}

export function codecRoutes(deps: CodecRouteDeps): ServerRoute[] {
  return (['encode', 'decode'] as const).flatMap((operation): ServerRoute[] => {
    const path = `${CODEC_PATH}/${operation}`;
    return [
      { method: 'POST', path, handle: (req, res) => handle(operation, deps, req, res) },
      preflight(deps, path),
    ];
  });
}
