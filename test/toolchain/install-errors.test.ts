import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const install = fileURLToPath(new URL('../../scripts/install', import.meta.url));

/** Runs scripts/install with an empty cache and a `go` on PATH that behaves as `script` says. */
function installWithGo(script: string) {
  const dir = mkdtempSync(join(tmpdir(), 'rr-install-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'go'), `#!/usr/bin/env bash\n${script}\n`);
  chmodSync(join(bin, 'go'), 0o755);
  const cache = join(dir, 'cache');
  const result = spawnSync('bash', [install], {
    env: { ...process.env, RUNBOOK_CACHE: cache, PATH: `${bin}:${process.env.PATH ?? ''}` },
    encoding: 'utf8',
  });
  return { ...result, cache };
}

test('an old Go is refused with the version needed, the version found and the command that told', () => {
  const result = installWithGo('[ "$1 $2" = "env GOVERSION" ] && echo go1.19.8 && exit 0; exit 1');
  assert.equal(result.status, 1);
  assert.match(
    result.stderr,
    /Go 1\.24 or newer is needed to build the Temporal CLI, found 1\.19\.8/,
  );
  assert.match(result.stderr, /command: .*go version/);
});

test('a failing Temporal CLI build names the command, the log file and shows its last lines', () => {
  const result = installWithGo(
    '[ "$1 $2" = "env GOVERSION" ] && echo go1.26.0 && exit 0\necho "compile error: something broke" >&2\nexit 2',
  );
  assert.equal(result.status, 1);
  assert.match(result.stderr, /error: building the Temporal CLI failed/);
  assert.match(
    result.stderr,
    /command: go install github\.com\/temporalio\/cli\/cmd\/temporal@v1\.5\.1/,
  );
  assert.ok(
    result.stderr.includes(join(result.cache, 'temporal-cli', 'v1.5.1', 'build.log')),
    result.stderr,
  );
  assert.match(result.stderr, /\| compile error: something broke/);
});
