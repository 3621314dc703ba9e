import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../test-helpers.js';
import { ATTEMPTS_INDEX_FILE, openAttemptLog, runLogDir } from './log-paths.js';
import { readStepLogs } from './read-step-logs.js';

async function attempt(logDir: string, runId: string, stepId: string, n: number, text: string) {
  await writeFile(await openAttemptLog(logDir, runId, stepId, n), text);
}

describe('readStepLogs', () => {
  it('lists every attempt of a run in the order the attempts started', async () => {
    const logDir = await tempDir('logs');
    await attempt(logDir, 'run-1', 'build', 1, 'build ok\n');
    await attempt(logDir, 'run-1', 'deploy', 1, 'deploy failed\n');
    await attempt(logDir, 'run-1', 'deploy', 2, 'deploy ok\n');
    await attempt(logDir, 'run-1', 'announce', 1, 'sent\n');

    const logs = await readStepLogs({ logDir, runId: 'run-1' });

    assert.deepEqual(
      logs.map((log) => [log.stepId, log.attempt, log.text]),
      [
        ['build', 1, 'build ok\n'],
        ['deploy', 1, 'deploy failed\n'],
        ['deploy', 2, 'deploy ok\n'],
        ['announce', 1, 'sent\n'],
      ],
    );
  });

  it('lists only the attempts of the requested step', async () => {
    const logDir = await tempDir('logs');
    await attempt(logDir, 'run-1', 'build', 1, 'b');
    await attempt(logDir, 'run-1', 'deploy', 1, 'd1');
    await attempt(logDir, 'run-1', 'deploy', 2, 'd2');

    const logs = await readStepLogs({ logDir, runId: 'run-1', stepId: 'deploy' });

    assert.deepEqual(
      logs.map((log) => log.text),
      ['d1', 'd2'],
    );
  });

  it('keeps run ids with a slash inside the log folder', async () => {
    const logDir = await tempDir('logs');
    await attempt(logDir, 'deploy/2024-01-01', 'step', 1, 'text');

    const logs = await readStepLogs({ logDir, runId: 'deploy/2024-01-01' });

    assert.equal(logs.length, 1);
    assert.ok(logs[0]?.file.startsWith(`${runLogDir(logDir, 'deploy/2024-01-01')}/`));
    assert.ok(runLogDir(logDir, 'deploy/2024-01-01').startsWith(`${logDir}/deploy%2F`));
  });

  it('still lists a log whose index line is missing', async () => {
    const logDir = await tempDir('logs');
    await attempt(logDir, 'run-1', 'build', 1, 'kept');
    await rm(join(runLogDir(logDir, 'run-1'), ATTEMPTS_INDEX_FILE));

    const logs = await readStepLogs({ logDir, runId: 'run-1' });

    assert.deepEqual(
      logs.map((log) => [log.stepId, log.attempt, log.text, log.startedAt]),
      [['build', 1, 'kept', null]],
    );
  });

  it('returns no logs for a run that wrote none', async () => {
    assert.deepEqual(await readStepLogs({ logDir: await tempDir('logs'), runId: 'nope' }), []);
  });
});
