import { RunbookError } from '../runbook/errors.js';

/** The service names spans carry when `OTEL_SERVICE_NAME` is not set, one per kind of process. */
export type RunbookServiceName = 'runbook-cli' | 'runbook-worker' | 'runbook-server';

/** Where and as whom a process exports its spans; `undefined` settings mean tracing is off. */
export interface TracingSettings {
  /** The OTLP/HTTP traces URL spans are POSTed to. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly serviceName: string;
}

/**
 * An `OTEL_EXPORTER_OTLP_*` setting that is not what the OpenTelemetry specification allows.
 * Thrown when a client or worker is created, before anything runs.
 */
export class TracingSettingError extends RunbookError {
  readonly code = 'RB9040';
  readonly kind = 'usage' as const;
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

/**
 * Tracing settings from the standard OpenTelemetry variables: on when
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as is) or `OTEL_EXPORTER_OTLP_ENDPOINT` (`/v1/traces`
 * appended, as the specification says) is set; `OTEL_EXPORTER_OTLP_[TRACES_]HEADERS` as
 * `key=value,…`; `OTEL_SERVICE_NAME` or the process's default name. `OTEL_SDK_DISABLED=true` and
 * `OTEL_TRACES_EXPORTER=none` turn it off.
 */
export function tracingSettingsFromEnv(
  env: NodeJS.ProcessEnv,
  defaultServiceName: RunbookServiceName,
): TracingSettings | undefined {
  if (env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none') return undefined;
  const url = tracesUrl(env);
  if (url === undefined) return undefined;
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || defaultServiceName;
  return {
    url,
    headers: {
      ...headersOf(env, 'OTEL_EXPORTER_OTLP_HEADERS'),
      ...headersOf(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS'),
    },
    serviceName,
  };
}

function tracesUrl(env: NodeJS.ProcessEnv): string | undefined {
  const specific = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (specific) return checkedUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', specific);
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!base) return undefined;
  checkedUrl('OTEL_EXPORTER_OTLP_ENDPOINT', base);
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}

function checkedUrl(variable: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TracingSettingError(
      variable,
      `"${value}" is not a URL; write the collector's OTLP/HTTP address, e.g. http://otel-collector:4318`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TracingSettingError(
      variable,
      `"${value}" is not an http(s) URL; spans are exported with OTLP over HTTP (port 4318 by default), not gRPC`,
    );
  }
  return value;
}

function headersOf(env: NodeJS.ProcessEnv, variable: string): Record<string, string> {
  const raw = env[variable]?.trim();
  if (!raw) return {};
  const headers: Record<string, string> = {};
  for (const part of raw.split(',')) {
    const at = part.indexOf('=');
    if (at <= 0) {
      throw new TracingSettingError(
        variable,
        `"${part.trim()}" is not key=value; write it as key1=value1,key2=value2`,
      );
    }
    headers[decodeURIComponent(part.slice(0, at).trim())] = decodeURIComponent(
      part.slice(at + 1).trim(),
    );
  }
  return headers;
}
