import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TracingSettingError, tracingSettingsFromEnv } from './tracing-settings.js';

describe('tracingSettingsFromEnv', () => {
  it('is off without an OTLP endpoint, or when the SDK or the traces exporter is disabled', () => {
    assert.equal(tracingSettingsFromEnv({}, 'runbook-cli'), undefined);
    assert.equal(
      tracingSettingsFromEnv(
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' },
        'runbook-cli',
      ),
      undefined,
    );
    assert.equal(
      tracingSettingsFromEnv(
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' },
        'runbook-cli',
      ),
      undefined,
    );
  });

  it('appends /v1/traces to the generic endpoint and uses the traces endpoint as it is', () => {
    assert.equal(
      tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' }, 'runbook-worker')
        ?.url,
      'http://c:4318/v1/traces',
    );
    assert.equal(
      tracingSettingsFromEnv(
        {
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://t.example/custom',
        },
        'runbook-worker',
      )?.url,
      'https://t.example/custom',
    );
  });

  it('names the service by OTEL_SERVICE_NAME or the process default, with the headers given', () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc,x-team=ops',
    };
    const settings = tracingSettingsFromEnv(env, 'runbook-server');
    assert.equal(settings?.serviceName, 'runbook-server');
    assert.deepEqual(settings?.headers, { authorization: 'Bearer abc', 'x-team': 'ops' });
    assert.equal(
      tracingSettingsFromEnv({ ...env, OTEL_SERVICE_NAME: 'ops-runner' }, 'runbook-server')
        ?.serviceName,
      'ops-runner',
    );
  });

  it('refuses a gRPC or malformed endpoint and bad headers with RB9040 naming the variable', () => {
    const refused = (env: NodeJS.ProcessEnv, variable: string) =>
      assert.throws(
        () => tracingSettingsFromEnv(env, 'runbook-cli'),
        (error: unknown) =>
          error instanceof TracingSettingError &&
          error.code === 'RB9040' &&
          error.message.startsWith(`${variable}: `),
      );
    refused({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' }, 'OTEL_EXPORTER_OTLP_ENDPOINT');
    refused(
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' },
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    );
    refused(
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_HEADERS: 'novalue' },
      'OTEL_EXPORTER_OTLP_HEADERS',
    );
  });
});
