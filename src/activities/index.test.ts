import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStepActivities, type RunCommandInput, type RunCommandResult } from './index.js';
import { quietActivityEnvironment, tempDir } from './test-helpers.js';

describe('createStepActivities', () => {
  it('wires runCommand to the given log folder and environment', async () => {
    const logDir = await tempDir('logs');
    const activities = createStepActivities({
      logDir,
      checkoutCacheDir: await tempDir('cache'),
      env: { PATH: process.env.PATH ?? '', SECRET: 'value-from-deps-env' },
    });

    const result = await quietActivityEnvironment().run<
      [RunCommandInput],
      RunCommandResult,
      typeof activities.runCommand
    >(activities.runCommand, {
      runId: 'r',
      stepId: 's',
      command: { shell: 'sh', script: 'echo "got $V"' },
      env: { V: '[[secret:env:SECRET]]' },
      secretRefs: ['env:SECRET'],
      workdir: { dir: await tempDir('work') },
    });

    assert.equal(result.stdoutTail, 'got ***\n');
    assert.ok(result.logFile.startsWith(logDir));
  });
});
