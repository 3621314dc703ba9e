import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MetricsAddressError, metricsAddressFromEnv } from './metrics-address.js';

const read = (value: string | undefined) =>
  metricsAddressFromEnv({ RUNBOOK_METRICS_ADDRESS: value });

test('no setting (or an empty one) means no metrics endpoint', () => {
  assert.equal(read(undefined), undefined);
  assert.equal(read('  '), undefined);
});

test('IPv4, localhost, 0.0.0.0 and bracketed IPv6 addresses are accepted with the URL to scrape', () => {
  assert.deepEqual(read('127.0.0.1:9464'), {
    bindAddress: '127.0.0.1:9464',
    url: 'http://127.0.0.1:9464/metrics',
  });
  assert.deepEqual(read('localhost:9464'), {
    bindAddress: '127.0.0.1:9464',
    url: 'http://127.0.0.1:9464/metrics',
  });
  assert.deepEqual(read('0.0.0.0:9464'), {
    bindAddress: '0.0.0.0:9464',
    url: 'http://127.0.0.1:9464/metrics',
  });
  assert.deepEqual(read('[::1]:9464'), {
    bindAddress: '[::1]:9464',
    url: 'http://[::1]:9464/metrics',
  });
});

for (const [value, problem] of [
  ['9464', /is not host:port/],
  [':9464', /is not host:port/],
  ['127.0.0.1:', /port "", not a number from 1 to 65535/],
  ['127.0.0.1:0', /port "0"/],
  ['127.0.0.1:65536', /port "65536"/],
  ['127.0.0.1:94x', /port "94x"/],
  ['metrics.internal:9464', /host "metrics\.internal", not an IPv4 address/],
  ['300.1.1.1:9464', /host "300\.1\.1\.1"/],
  ['::1:9464', /host "::1"/],
  ['[nope]:9464', /"\[nope\]", not a bracketed IPv6 address/],
] as const) {
  test(`RUNBOOK_METRICS_ADDRESS="${value}" is refused with RB9020 naming the setting and the fix`, () => {
    assert.throws(
      () => read(value),
      (error: unknown) =>
        error instanceof MetricsAddressError &&
        error.code === 'RB9020' &&
        error.kind === 'environment' &&
        error.address === value &&
        error.message.startsWith(`RUNBOOK_METRICS_ADDRESS="${value}" `) &&
        problem.test(error.message) &&
        error.message.endsWith('see docs/metrics.md'),
    );
  });
}
