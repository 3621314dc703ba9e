import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

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
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`fixture exited early with ${code}`)));
  });
  const before = tagged(tag);
  assert.ok(before.includes('temporal'), `expected a temporal server, saw ${before.join(', ')}`);
  assert.ok(before.includes('java'), `expected a java test server, saw ${before.join(', ')}`);

  child.kill('SIGINT');
  await exited;
  let after = tagged(tag);
  for (let i = 0; i < 50 && after.length > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    after = tagged(tag);
  }
  assert.deepEqual(after, []);
});
