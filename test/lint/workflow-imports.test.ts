import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { findForbiddenImports } from '../../scripts/lint/workflow-imports.js';

const run = promisify(execFile);
const script = join(import.meta.dirname, '../../scripts/lint/workflow-imports.ts');

async function lint(dir: string): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, ['--import', 'tsx', script, dir]);
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

describe('the workflow import boundary lint', () => {
  it('passes on src/workflows as it is', async () => {
    const result = await lint('src/workflows');
    assert.equal(result.code, 0, result.stderr);
  });

  it('fails on a planted value import from src/activities, naming file, line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rr-lint-'));
    mkdirSync(join(dir, 'steps'));
    writeFileSync(
      join(dir, 'steps', 'planted.ts'),
      "import type { JsonObject } from '../../runbook/model.js';\nimport { createKubernetesActivities } from '../../activities/kubernetes/index.js';\nexport const x: JsonObject = { f: String(createKubernetesActivities) };\n",
    );
    const result = await lint(dir);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /planted\.ts:2:44 workflow code imports "\.\.\/\.\.\/activities\/kubernetes\/index\.js"/,
    );
    assert.match(result.stderr, /1 forbidden import/);
  });

  it('allows type imports and refuses SDK packages outside the sandbox and Node built-ins', () => {
    const text = [
      "import type { Worker } from '@temporalio/worker';",
      "import { type KubernetesResult } from '../activities/kubernetes/types.js';",
      "export type { RunCommandInput } from '../activities/shell/run-command.js';",
      "import { Connection } from '@temporalio/client';",
      "import { readFileSync } from 'node:fs';",
      "import { createHash } from 'crypto';",
      "export { httpRequest } from '../activities/http/http-request.js';",
      "import '../activities/side-effect.js';",
    ].join('\n');
    const found = findForbiddenImports(text, 'w.ts').map((f) => `${f.line}:${f.specifier}`);
    assert.deepEqual(found, [
      '4:@temporalio/client',
      '5:node:fs',
      '6:crypto',
      '7:../activities/http/http-request.js',
      '8:../activities/side-effect.js',
    ]);
  });
});
