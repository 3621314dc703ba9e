import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KubeUnreachableError } from '../activities/kubernetes/rest.js';
import { DevServerStartError } from '../testing/dev-server.js';
import { ToolchainMissingError } from '../testing/toolchain.js';
import { NoWorkerError, RunNotFoundError, TemporalUnreachableError, UsageError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { reportError } from './report-error.js';

test('a usage error is its message alone, with exit code 2 or the one it names', () => {
  assert.deepEqual(reportError('run', new UsageError('expected one runbook name or path')), {
    text: 'runbook run: expected one runbook name or path\n',
    exitCode: ExitCode.Usage,
  });
  const notFound = new RunNotFoundError('nope', 'default');
  assert.equal(notFound.code, 'RunNotFound');
  assert.deepEqual(reportError('status', notFound), {
    text: 'runbook status: no run with id "nope" in namespace "default"; list recent runs with `runbook history`\n',
    exitCode: ExitCode.Failed,
  });
});

test('an unreachable Temporal server is an environment error saying what to check, without a stack', () => {
  const error = new TemporalUnreachableError('127.0.0.1:1', {
    cause: new Error('Failed to connect before the deadline'),
  });
  assert.equal(error.code, 'TemporalUnreachable');
  assert.equal(error.address, '127.0.0.1:1');
  const report = reportError('run', error);
  assert.equal(report.exitCode, ExitCode.Environment);
  assert.match(
    report.text,
    /^runbook run: cannot reach the Temporal server at 127\.0\.0\.1:1 \(Failed to connect before the deadline\)\. Check that it runs and that --address \/ TEMPORAL_ADDRESS/,
  );
  assert.doesNotMatch(report.text, /this is a bug|\n\s+at /);
});

test('a missing binary, a dev server that will not start and an unreachable cluster are environment errors', () => {
  const missing = new ToolchainMissingError('The Temporal CLI', '/cache/temporal');
  assert.equal(missing.code, 'ToolchainMissing');
  assert.match(
    missing.message,
    /^The Temporal CLI was not found at \/cache\/temporal\. Run `bash scripts\/install`/,
  );
  const server = new DevServerStartError('did not start', '/state/server.log');
  assert.equal(server.code, 'DevServerFailed');
  assert.equal(server.logFile, '/state/server.log');
  const cluster = new KubeUnreachableError('https://k:6443', 'ECONNREFUSED', new Error('refused'));
  assert.equal(cluster.code, 'KubernetesUnreachable');
  assert.equal(cluster.name, 'KubernetesUnreachable');
  assert.equal(cluster.errno, 'ECONNREFUSED');
  for (const error of [missing, server, cluster]) {
    assert.equal(reportError('dev', error).exitCode, ExitCode.Environment);
  }
});

test('no worker has its own exit code', () => {
  const error = new NoWorkerError('gave up after 2s: no worker', 'r1', 'runbooks', 2000);
  assert.equal(error.code, 'NoWorker');
  assert.deepEqual(reportError('approve', error), {
    text: 'runbook approve: gave up after 2s: no worker\n',
    exitCode: ExitCode.NoWorker,
  });
});

test('anything that is not a RunbookError is reported as a bug with its trace', () => {
  const report = reportError('run', new TypeError('x is undefined'));
  assert.equal(report.exitCode, ExitCode.Internal);
  assert.match(report.text, /^runbook run: internal error — this is a bug; please report it/);
  assert.match(report.text, /TypeError: x is undefined\n\s+at /);
});
