import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  checkHealth,
  HEALTH_MAX_AGE_MS,
  type HealthReport,
  healthFilePath,
  startHealthReports,
  WorkerUnhealthyError,
} from './health.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rr-health-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const report = (fields: Partial<HealthReport>): string =>
  JSON.stringify({ pid: process.pid, state: 'RUNNING', taskQueue: 'q', at: Date.now(), ...fields });

function unhealthy(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof WorkerUnhealthyError);
    assert.equal(error.code, 'RB9252');
    assert.match(error.message, pattern);
    return true;
  };
}

describe('worker health file', () => {
  it('defaults to worker-health.json in the state folder; RUNBOOK_HEALTH_FILE overrides it', () => {
    assert.equal(healthFilePath({}, '/state'), '/state/worker-health.json');
    assert.equal(healthFilePath({ RUNBOOK_HEALTH_FILE: '/tmp/h' }, '/state'), '/tmp/h');
  });

  it('a running worker’s reports pass the check; its last report after stopping does not', async () => {
    const path = join(dir, 'live.json');
    let state = 'RUNNING';
    const reports = startHealthReports(path, () => ({ state, taskQueue: 'deploys' }), 20);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const healthy = await checkHealth(path);
    assert.equal(healthy.pid, process.pid);
    assert.equal(healthy.taskQueue, 'deploys');
    state = 'DRAINING';
    await reports.stop();
    assert.equal(JSON.parse(await readFile(path, 'utf8')).state, 'DRAINING');
    await assert.rejects(checkHealth(path), unhealthy(/is DRAINING, not polling/));
  });

  it('no file, a stale report or a dead process is unhealthy, each saying why', async () => {
    await assert.rejects(
      checkHealth(join(dir, 'absent.json')),
      unhealthy(/no readable health file/),
    );
    const stale = join(dir, 'stale.json');
    await writeFile(stale, report({ at: Date.now() - HEALTH_MAX_AGE_MS - 5_000 }));
    await assert.rejects(
      checkHealth(stale),
      unhealthy(/last reported \d+s ago.*event loop is stuck/),
    );
    const dead = join(dir, 'dead.json');
    // Above the largest pid Linux hands out (4194304): no such process.
    await writeFile(dead, report({ pid: 4_194_305 }));
    await assert.rejects(checkHealth(dead), unhealthy(/pid 4194305\) is gone/));
  });
});
