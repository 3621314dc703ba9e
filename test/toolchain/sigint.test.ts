import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { trackChild } from '../../src/testing/child-processes.js';
import { eventually } from '../harness/eventually.js';

const fixture = fileURLToPath(new URL('../fixtures/toolchain/start-servers.ts', import.meta.url));

/** Processes whose environment carries `RUNBOOK_PROCESS_TAG=<tag>`, with their command names. */
function tagged(tag: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (environ.includes(`RUNBOOK_PROCESS_TAG=${tag}`)) {
        found.push(readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
      }
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

test('SIGINT to a process that started a dev server and a time-skipping server leaves no temporal or java process behind', async () => {
  const tag = `sigint-test-${process.pid}-${Date.now()}`;
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, RUNBOOK_PROCESS_TAG: tag },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  trackChild(child);
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  await eventually(() => stdout.includes('ready') || child.exitCode !== null, {
    what: 'the fixture to start both servers',
    timeoutMs: 120_000,
  });
  assert.equal(child.exitCode, null, 'the fixture exited before it was ready');
  const before = tagged(tag);
  assert.ok(before.includes('temporal'), `expected a temporal server, saw ${before.join(', ')}`);
  assert.ok(before.includes('java'), `expected a java test server, saw ${before.join(', ')}`);

  child.kill('SIGINT');
  await eventually(() => child.exitCode !== null || child.signalCode !== null, {
    what: 'the fixture to exit on SIGINT',
    timeoutMs: 30_000,
  });
  let after = tagged(tag);
  await eventually(
    () => {
      after = tagged(tag);
      return after.length === 0;
    },
    { what: 'every tagged process to exit', timeoutMs: 5_000 },
  ).catch(() => undefined); // the assertion below names the survivors
  assert.deepEqual(after, []);
});
